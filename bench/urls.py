"""The project's URLconf plus /bench-hello: a Django hello world on the very same stack
(gunicorn config, middleware, settings), the baseline every throughput figure divides by."""

from django.http import HttpResponse
from django.urls import path

from shanting_gi.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("bench-hello", hello, name="bench_hello"), *site_urlpatterns]
