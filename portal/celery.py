import os

from celery import Celery

# No default to development here: this module is imported by portal/__init__.py, so a default set
# here would win over wsgi.py's production default. A worker started as `celery -A portal` gets the
# production settings unless DJANGO_SETTINGS_MODULE says otherwise; manage.py defaults to dev itself.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
