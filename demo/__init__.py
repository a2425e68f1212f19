"""Demo data of every feature (loaded by `manage.py load_demo_data`)."""
