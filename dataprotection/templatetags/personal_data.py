from django import template

register = template.Library()


@register.filter
def data_kind(value) -> str:
    """How an export value is shown: a list of records, a record, a list of words, or a value."""
    if isinstance(value, dict):
        return "record"
    if isinstance(value, list):
        return "records" if value and all(isinstance(item, dict) for item in value) else "list"
    if isinstance(value, bool):
        return "yesno"
    return "value"
