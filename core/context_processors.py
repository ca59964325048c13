def navigation(request):
    """Expose the acting user's role so base.html can show the navigation for that role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_role": None}
    return {"nav_role": user.role}
