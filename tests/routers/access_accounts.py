"""Access to the account pages: passwords, two-factor sign-in, single sign-on, notifications and sessions.

Resetting a password and entering an authenticator code are for people not yet signed in, so every persona
reaches them; the rest are for the signed-in person's own account, and the sign-in settings for admins."""

from tests.routers.access_common import LOGIN, AccessTable, expect

EVERYONE = expect(200, 200, 200, 200, 200, 200)
SIGNED_IN = expect(LOGIN, 200, 200, 200, 200, 200)
ADMIN = expect(LOGIN, 403, 403, 403, 403, 200)

ACCESS: AccessTable = {
    # No sign-in is waiting for a code in these browsers: back to the sign-in page.
    ("auth.two_factor_form", "GET"): (lambda w: {}, expect(303, 303, 303, 303, 303, 303)),
    ("auth.two_factor", "POST"): (lambda w: {}, expect(400, 400, 400, 400, 400, 400)),
    ("auth.forgotten_form", "GET"): (lambda w: {}, EVERYONE),
    ("auth.forgotten", "POST"): (lambda w: {}, expect(400, 400, 400, 400, 400, 400)),
    # No link, or an unknown one, is the same for everyone.
    ("auth.reset_form", "GET"): (lambda w: {}, expect(404, 404, 404, 404, 404, 404)),
    ("auth.reset", "POST"): (lambda w: {}, expect(404, 404, 404, 404, 404, 404)),
    # Single sign-on is not configured in the tests' settings: no such page.
    ("auth.sso_start", "GET"): (lambda w: {}, expect(404, 404, 404, 404, 404, 404)),
    ("auth.sso_callback", "GET"): (lambda w: {}, expect(404, 404, 404, 404, 404, 404)),
    ("account.password_form", "GET"): (lambda w: {}, SIGNED_IN),
    ("account.change_password", "POST"): (lambda w: {}, expect(LOGIN, 400, 400, 400, 400, 400)),
    ("account.notifications_form", "GET"): (lambda w: {}, SIGNED_IN),
    ("account.save_notifications", "POST"): (lambda w: {}, expect(LOGIN, 400, 400, 400, 400, 400)),
    ("account.sign_out_others", "POST"): (lambda w: {}, expect(LOGIN, 303, 303, 303, 303, 303)),
    ("account.two_factor", "GET"): (lambda w: {}, SIGNED_IN),
    ("account.enrol_two_factor", "POST"): (lambda w: {}, expect(LOGIN, 400, 400, 400, 400, 400)),
    # Not set up yet: back to the set-up page.
    ("account.new_recovery_codes", "POST"): (lambda w: {}, expect(LOGIN, 303, 303, 303, 303, 303)),
    ("account.turn_off_two_factor", "POST"): (lambda w: {}, expect(LOGIN, 400, 400, 400, 400, 400)),
    ("admin.resend_invitation", "POST"): (
        lambda w: {"user_id": 10**8},
        expect(LOGIN, 403, 403, 403, 403, 404),
    ),
    ("admin.settings", "GET"): (lambda w: {}, ADMIN),
    # An empty form leaves two-factor sign-in not required: saved.
    ("admin.save_settings", "POST"): (lambda w: {}, expect(LOGIN, 403, 403, 403, 403, 303)),
}
