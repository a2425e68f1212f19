from celery import current_app

from evaluacion import task_names, tasks


def test_every_queued_name_is_a_registered_task():
    current_app.loader.import_default_modules()
    names = [value for key, value in vars(task_names).items() if key.isupper()]
    assert names
    for name in names:
        assert name in current_app.tasks, name
        assert getattr(tasks, name.rsplit(".", 1)[1]).name == name
