"""A code that is not six ASCII digits is a form error, never a server error (R-ACC-1):
"²" and other Unicode digits pass ``str.isdigit`` but are no number ``int`` can read."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.support import force_login_password_only

pytestmark = pytest.mark.django_db

SETUP = reverse("two_factor_setup")


@pytest.mark.parametrize("token", ["²²²²²²", "١٢٣٤٥٦"])
def test_it_refuses_a_code_of_other_digits_as_a_form_error(client, officer, token):
    force_login_password_only(client, officer)
    client.get(SETUP)

    response = client.post(SETUP, {"token": token})

    assert response.status_code == 400
    assert "Enter the code as 6 digits" in response.content.decode()
    assert TOTPDevice.objects.count() == 0
