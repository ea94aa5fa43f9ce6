// A real OpenID Connect provider for the tests (the npm package oidc-provider), on the loopback address.
// Usage: node tests/oidc/provider.mjs PORT, with OIDC_CLIENT (JSON: client_id, client_secret,
// redirect_uris) and OIDC_ACCOUNTS (JSON: login -> claims) in the environment. Its built-in sign-in pages
// accept any password for a login listed in OIDC_ACCOUNTS. Prints "listening" once it answers.
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const client = JSON.parse(process.env.OIDC_CLIENT);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS);

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    ...client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...accounts[id] }; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['cookie-signing-key-for-tests-only'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
});

const server = provider.listen(port, '127.0.0.1', () => console.log('listening'));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
