"""The client address every rate limit uses, through the proxies we trust and no others."""

import pytest
from django.test import RequestFactory

from core.ratelimit import client_address


def request_from(remote="10.0.0.5", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(forwarded="198.51.100.7")) == "10.0.0.5"


def test_with_one_trusted_proxy_the_last_forwarded_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "203.0.113.66" itself; our proxy appended the address it saw.
    assert client_address(request_from(forwarded="203.0.113.66, 198.51.100.7")) == "198.51.100.7"


def test_with_two_trusted_proxies_the_organisations_proxy_passes_on_each_persons_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2  # the organisation's proxy, then our reverse proxy
    assert client_address(request_from(forwarded="172.16.4.21, 192.0.2.10")) == "172.16.4.21"
    assert client_address(request_from(forwarded="6.6.6.6, 172.16.4.22, 192.0.2.10")) == "172.16.4.22"


@pytest.mark.parametrize("forwarded", [None, "", "198.51.100.7", "not-an-address, 192.0.2.10"])
def test_a_header_that_did_not_pass_all_trusted_proxies_is_not_believed(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(forwarded=forwarded)) == "10.0.0.5"


def test_ports_and_brackets_are_taken_off(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(forwarded="192.0.2.10:5123")) == "192.0.2.10"
    assert client_address(request_from(forwarded="[2001:db8::1]:443")) == "2001:db8::1"


def test_the_login_throttle_counts_by_the_same_address(settings):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(forwarded="203.0.113.66, 198.51.100.7")
    assert get_adapter(request).get_client_ip(request) == "198.51.100.7"
