"""Demo data of every app (loaded by manage.py load_demo_data)."""
