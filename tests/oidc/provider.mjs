// A real OpenID provider for the single sign-on tests: panva's certified oidc-provider,
// over plain http on 127.0.0.1, with one confidential client that must use PKCE.
//
// Environment:
//   OIDC_PORT           port to listen on (127.0.0.1 only)
//   OIDC_ISSUER         issuer to announce (default http://127.0.0.1:<port>)
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI   the one registered client
//
// Signing in needs no browser: GET the authorization URL, follow its redirect to
// /interaction/<uid> (a small form), POST `login` to /interaction/<uid>/login, follow
// the redirects back to the client. Consent is granted automatically.
//
// The login names the account:
//   "alice@nhs.net"                    sub = a stable hash of "alice@nhs.net", email alice@nhs.net, verified
//   "alice@nhs.net|alice2@nhs.net"     the same sub (same person), now with email alice2@nhs.net
//   "unverified:bob@nhs.net"           email bob@nhs.net with email_verified false (another sub)
//   "noemail.carol"                    no email claims at all
//   "entra:dee@nhs.net"                as Entra ID: no email_verified, xms_edov true (domain owner verified)
//   "entra-plain:dee@nhs.net"          as Entra ID without that optional claim: neither
//
// For the negative tests, POST /__test__/tamper with JSON
//   {"set": {claim: value, ...}, "unset": [claim, ...], "sign_with": "own"|"foreign-same-kid"|"foreign"|"none",
//    "drop_id_token": false}
// and the next token response carries an ID token altered that way (one shot).
import { createHash } from 'node:crypto';

import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || process.argv[2] || 0);
if (!port) {
  console.error('provider.mjs: set OIDC_PORT');
  process.exit(2);
}
const issuer = process.env.OIDC_ISSUER || `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID || 'marketplace-test';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'marketplace-test-secret';
const redirectUri = process.env.OIDC_REDIRECT_URI || 'http://localhost/sign-in/sso/callback';

async function signingKey(kid) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

const own = await signingKey('test-key-1');

// sub -> the claims of the last sign-in with that subject.
const accounts = new Map();

function accountFromLogin(login) {
  const [key, changedEmail] = login.split('|');
  const sub = `sub-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  const claims = { sub };
  if (!key.startsWith('noemail.')) {
    const [, prefix = ''] = key.match(/^(unverified:|entra:|entra-plain:)?/);
    const email = changedEmail || key.slice(prefix.length);
    claims.email = email;
    if (prefix === 'entra:') claims.xms_edov = true;
    else if (prefix !== 'entra-plain:') claims.email_verified = prefix !== 'unverified:';
    const local = email.split('@')[0];
    claims.name = local.split(/[._-]/).filter(Boolean)
      .map((part) => part[0].toUpperCase() + part.slice(1)).join(' ');
  }
  accounts.set(sub, claims);
  return sub;
}

const configuration = {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [own.jwk] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified', 'xms_edov'],
    profile: ['name'],
  },
  // ID tokens carry the claims themselves (as NHS CIS2 and Entra ID do), not only userinfo.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const claims = accounts.get(sub);
    if (!claims) return undefined;
    return { accountId: sub, async claims() { return { ...claims }; } };
  },
  // Consent is implied: the client is first party. A grant for what it asks is made on the spot.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  cookies: { keys: ['test-cookie-key-not-secret'] },
  ttl: { Session: 600, Interaction: 600, Grant: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
};

const provider = new Provider(issuer, configuration);

let tamper = null;

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function html(body) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Test provider</title></head><body>${body}</body></html>`;
}

async function alterIdToken(idToken, how) {
  const header = decodeProtectedHeader(idToken);
  const payload = { ...decodeJwt(idToken), ...(how.set || {}) };
  for (const claim of how.unset || []) delete payload[claim];
  const signWith = how.sign_with || 'own';
  if (signWith === 'none') {
    const part = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
  }
  let key = own.privateKey;
  let kid = header.kid;
  if (signWith === 'foreign-same-kid') key = (await signingKey(kid)).privateKey;
  if (signWith === 'foreign') ({ privateKey: key } = await signingKey('foreign-key'));
  if (signWith === 'foreign') kid = 'foreign-key';
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: header.typ || 'JWT', kid }).sign(key);
}

provider.use(async (ctx, next) => {
  const { path, method } = ctx;
  if (path === '/__test__/tamper' && method === 'POST') {
    tamper = JSON.parse(await readBody(ctx.req) || 'null');
    ctx.status = 204;
    return;
  }
  const match = path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (match) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== match[1]) ctx.throw(400, 'interaction mismatch');
    if (details.prompt.name !== 'login') ctx.throw(400, `unexpected prompt ${details.prompt.name}`);
    if (method === 'GET' && !match[2]) {
      ctx.type = 'html';
      ctx.body = html(`<h1>Sign in</h1><form method="post" action="/interaction/${details.uid}/login">`
        + '<label>Login <input name="login" autofocus></label><button>Sign in</button></form>');
      return;
    }
    if (method === 'POST' && match[2]) {
      const form = new URLSearchParams(await readBody(ctx.req));
      const login = (form.get('login') || '').trim();
      if (!login) ctx.throw(400, 'login is required');
      const result = { login: { accountId: accountFromLogin(login) } };
      await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
      return;
    }
  }
  await next();
  if (path === '/token' && tamper && ctx.status === 200 && ctx.body && ctx.body.id_token) {
    const how = tamper;
    tamper = null;
    if (how.drop_id_token) {
      delete ctx.body.id_token;
    } else {
      ctx.body.id_token = await alterIdToken(ctx.body.id_token, how);
    }
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider ${issuer} listening on 127.0.0.1:${port}`);
});
