"""Demo data builders of features that span apps (loaded by portal's load_demo_data)."""
