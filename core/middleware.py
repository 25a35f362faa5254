from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Pages for a logged-in user, and any page that says so, are never stored.

    A shared or stolen phone must not show a cached page about someone's wellbeing.
    Views mark anonymous pages with personal content with `request.no_store = True`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = getattr(request, "no_store", False) or (user is not None and user.is_authenticated)
        if personal and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class PermissionsPolicyMiddleware:
    """Turns off the browser features no page of the portal uses (settings.PERMISSIONS_POLICY):
    camera, microphone, location. A page someone managed to inject into cannot ask for them."""

    def __init__(self, get_response):
        from django.conf import settings

        self.policy = settings.PERMISSIONS_POLICY
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response
