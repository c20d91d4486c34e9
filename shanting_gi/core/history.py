"""One way to save a model whose changes are kept by django-simple-history."""


def save_with_history(obj, *, by=None, reason=""):
    """Validate and save obj, recording who made the change and why."""
    obj._change_reason = reason or ""
    if by is not None and by.is_authenticated:
        obj._history_user = by
    obj.full_clean()
    obj.save()
    return obj
