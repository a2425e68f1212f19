from django import template

from concurso.selectors import REQUIRED_FOR_SUBMISSION

register = template.Library()


@register.filter
def required_for_submit(bound_field) -> bool:
    return bound_field.name in REQUIRED_FOR_SUBMISSION


@register.filter
def join_if_list(value):
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value
