"""Language: Chinese unless the visitor chose English with the switcher (the `lang` cookie).

Django's LocaleMiddleware would also follow the browser's Accept-Language, so a phone set
to English would get English pages before anyone chose. The portal is Chinese first; the
choice is the visitor's, remembered in the cookie, and URLs carry no language prefix.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class CookieLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in SUPPORTED:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
