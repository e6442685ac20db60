// Mentor test identity provider: an offline stand-in for Google (OpenID
// Connect) and GitHub (plain OAuth 2 + REST API), started by the Rust
// integration tests as a child process: `node provider.mjs`.
//
// Modes (env MODE):
//   provider (default)  a real `oidc-provider` 9 instance with two clients,
//                       `google-client` (OIDC) and `github-client` (OAuth 2
//                       without `openid`), non-interactive logins, and a
//                       GitHub-shaped API under /github.
//   hostile             a small hand-written "issuer" (no oidc-provider) that
//                       issues deliberately broken ID tokens (env TAMPER) for
//                       negative tests of the app's ID token validation.
//
// Env:
//   APP_ORIGIN  the Mentor app's origin, e.g. http://127.0.0.1:41234 (required)
//   PORT        port to listen on, on 127.0.0.1 (default 0: a random free port)
//   MODE        provider | hostile (default provider)
//   TAMPER      hostile mode only: none|nonce|aud|signature|iss|expired (default none)
//   ACCESS_TOKEN_TTL  provider mode only: access token lifetime, s (default 3600)
//   EXIT_ON_STDIN_EOF set to 0 to keep running when stdin closes (manual use)
//
// Protocol with the parent process:
//   * once listening, exactly one JSON line is written to stdout:
//       {"ready":true,"issuer":"http://127.0.0.1:PORT","port":PORT,"mode":"..."}
//     nothing else is ever written to stdout (all logs go to stderr);
//   * the process exits when its stdin reaches EOF (the parent dropped or
//     killed it) and on SIGTERM / SIGINT, so it never outlives a test.
//
// See README.md for endpoints and control endpoints.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';

import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';

// ---------------------------------------------------------------------------
// stdout belongs to the ready line. oidc-provider prints notices with
// console.info, so route every console method to stderr.
// ---------------------------------------------------------------------------
const toStderr = (...args) => console.error(...args);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

const log = (...args) => console.error('[test-idp]', ...args);

function fail(message) {
  console.error(`[test-idp] fatal: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Configuration from the environment.
// ---------------------------------------------------------------------------
const MODE = process.env.MODE || 'provider';
const HOST = '127.0.0.1';
const PORT = process.env.PORT === undefined || process.env.PORT === '' ? 0 : Number(process.env.PORT);
if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) fail(`invalid PORT ${process.env.PORT}`);

let APP_ORIGIN;
try {
  if (!process.env.APP_ORIGIN) throw new Error('missing');
  APP_ORIGIN = new URL(process.env.APP_ORIGIN).origin;
} catch {
  fail('APP_ORIGIN must be set to the app origin, e.g. http://127.0.0.1:41234');
}

const TAMPERS = ['none', 'nonce', 'aud', 'signature', 'iss', 'expired'];

// ---------------------------------------------------------------------------
// Lifecycle: die with the parent.
// ---------------------------------------------------------------------------
function shutdown(why) {
  log(`exiting (${why})`);
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
if (process.env.EXIT_ON_STDIN_EOF !== '0') {
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('close', () => shutdown('stdin closed'));
  process.stdin.on('error', () => shutdown('stdin error'));
  process.stdin.resume(); // discard anything written to us; we only care about EOF
}

// ---------------------------------------------------------------------------
// Small HTTP helpers.
// ---------------------------------------------------------------------------
function sendJson(res, status, body, headers = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

async function readBody(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

async function newSigningKey() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  Object.assign(privateJwk, { kid, alg: 'RS256', use: 'sig' });
  Object.assign(publicJwk, { kid, alg: 'RS256', use: 'sig' });
  return { privateKey, privateJwk, publicJwk, kid };
}

// Listen first (the issuer needs the port), then install the real handler.
function listen(handlerRef) {
  const server = http.createServer((req, res) => {
    handlerRef.current(req, res).catch((err) => {
      log('unhandled error', req.method, req.url, err);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: String(err?.message ?? err) });
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(PORT, HOST, () => resolve(server));
  });
}

function announce(issuer, port) {
  process.stdout.write(`${JSON.stringify({ ready: true, issuer, port, mode: MODE })}\n`);
}

// ===========================================================================
// MODE=provider: oidc-provider with a Google-like and a GitHub-like client.
// ===========================================================================
async function runProvider() {
  const { default: Provider, interactionPolicy } = await import('oidc-provider');

  // ---- accounts ----------------------------------------------------------
  // The account the next interaction logs in as; POST /__test/next-login sets
  // it, and it stays until set again.
  const accounts = new Map();
  let nextLogin = normalizeAccount({
    sub: '1000001',
    email: 'test.user@example.com',
    email_verified: true,
    name: 'Test User',
    login: 'test-user',
  });
  accounts.set(nextLogin.sub, nextLogin);

  function normalizeAccount(input) {
    if (!input || typeof input !== 'object') throw new Error('body must be a JSON object');
    const { sub } = input;
    if (typeof sub !== 'string' || sub === '') throw new Error('"sub" must be a non-empty string');
    return {
      sub,
      email: input.email ?? null,
      email_verified: input.email_verified ?? false,
      name: input.name ?? null,
      login: input.login ?? sub,
    };
  }

  // GitHub user ids are numbers: use the sub itself if it is one, otherwise a
  // stable 48-bit hash of it.
  function githubId(sub) {
    if (/^[0-9]{1,15}$/.test(sub)) return Number(sub);
    return parseInt(createHash('sha256').update(sub).digest('hex').slice(0, 12), 16);
  }

  async function findAccount(_ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        const claims = { sub };
        if (account.email !== null) {
          claims.email = account.email;
          claims.email_verified = account.email_verified;
        }
        if (account.name !== null) claims.name = account.name;
        return claims;
      },
    };
  }

  // ---- keys, issuer, listener -------------------------------------------
  const key = await newSigningKey();
  const handler = { current: async () => {} };
  const server = await listen(handler);
  const { port } = server.address();
  const issuer = `http://${HOST}:${port}`;

  // ---- interaction policy -----------------------------------------------
  // Always go through /interaction/:uid, even when the browser already has a
  // session, so every authorization logs in as the account configured with
  // /__test/next-login. On resume (result.login present) no prompt is needed.
  const { Check, Prompt, base } = interactionPolicy;
  const policy = base();
  // Google accepts prompt=select_account; without this prompt registered
  // oidc-provider rejects it with "unsupported prompt value requested".
  policy.add(new Prompt({ name: 'select_account', requestable: true }), 0);
  policy.get('login').checks.push(new Check(
    'test_harness_always_login',
    'the test harness re-authenticates on every authorization request',
    'login_required',
    (ctx) => (ctx.oidc.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT),
  ));

  const accessTokenTtl = Number(process.env.ACCESS_TOKEN_TTL || 3600);
  if (!Number.isInteger(accessTokenTtl) || accessTokenTtl <= 0) fail('ACCESS_TOKEN_TTL must be a positive integer');

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'google-client',
        client_secret: 'google-secret',
        redirect_uris: [`${APP_ORIGIN}/api/v1/auth/oauth/google/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post', // client_secret_basic is accepted too
        scope: 'openid email profile',
      },
      {
        client_id: 'github-client',
        client_secret: 'github-secret',
        redirect_uris: [`${APP_ORIGIN}/api/v1/auth/oauth/github/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post', // client_secret_basic is accepted too
        scope: 'read:user user:email',
      },
    ],
    jwks: { keys: [key.privateJwk] },
    findAccount,
    // Scopes not listed here (or defined by `claims`) are silently dropped, so
    // GitHub's scopes must be declared for them to reach the access token.
    scopes: ['openid', 'offline_access', 'read:user', 'user:email'],
    claims: {
      acr: null,
      sid: null,
      auth_time: null,
      iss: null,
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Like Google: scope-requested claims go straight into the ID token.
    conformIdTokenClaims: false,
    // oidc-provider's default only requires PKCE for public clients.
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: false },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    clientBasedCORS: () => false,
    // JSON instead of an HTML page, so test failures are readable.
    async renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  });

  provider.on('server_error', (_ctx, err) => log('server_error', err));
  provider.on('authorization.error', (_ctx, err) => log('authorization.error', err.message, err.error_description ?? ''));
  provider.on('grant.error', (_ctx, err) => log('grant.error', err.message, err.error_description ?? ''));

  const oidcCallback = provider.callback();

  // ---- GET /interaction/:uid: log in + consent, no UI ---------------------
  async function completeInteraction(req, res) {
    const details = await provider.interactionDetails(req, res);
    const { params } = details;
    const account = nextLogin;
    accounts.set(account.sub, account);

    let grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    if (!grant || grant.accountId !== account.sub || grant.clientId !== params.client_id) {
      grant = new provider.Grant({ accountId: account.sub, clientId: params.client_id });
    }
    if (params.scope) grant.addOIDCScope(params.scope);
    if (params.claims) {
      const requested = JSON.parse(params.claims);
      const names = new Set([
        ...Object.keys(requested.id_token ?? {}),
        ...Object.keys(requested.userinfo ?? {}),
      ]);
      if (names.size) grant.addOIDCClaims([...names]);
    }
    const grantId = await grant.save();

    log(`interaction ${details.uid}: ${params.client_id} logged in as ${account.sub}, scope "${params.scope ?? ''}"`);
    // Same as provider.interactionFinished(), split so the session can be
    // adjusted in between.
    const returnTo = await provider.interactionResult(
      req,
      res,
      { select_account: {}, login: { accountId: account.sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );

    // If the browser's provider session belongs to another account,
    // oidc-provider would answer the resume with an auto-submitting logout
    // form (HTML + JavaScript) instead of a redirect. Forget the old login
    // instead, so the resume is always a plain 303 back to the client.
    if (details.session?.uid && details.session.accountId !== account.sub) {
      const session = await provider.Session.findByUid(details.session.uid);
      if (session?.accountId && session.accountId !== account.sub) {
        for (const prop of ['accountId', 'loginTs', 'amr', 'acr', 'authorizations', 'transient']) {
          delete session[prop];
        }
        await session.persist();
      }
    }

    res.writeHead(303, { location: returnTo, 'content-length': 0 });
    res.end();
  }

  // ---- GitHub-shaped REST API ---------------------------------------------
  async function githubAccount(req, res) {
    const m = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const token = m ? await provider.AccessToken.find(m[1]) : undefined;
    if (!token || token.isExpired || token.clientId !== 'github-client') {
      sendJson(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return undefined;
    }
    const account = accounts.get(token.accountId);
    if (!account) {
      sendJson(res, 401, { message: 'Bad credentials', status: '401' });
      return undefined;
    }
    return account;
  }

  // ---- router ---------------------------------------------------------------
  handler.current = async (req, res) => {
    const url = new URL(req.url, issuer);
    const path = url.pathname;

    if (path === '/__test/next-login') {
      if (req.method === 'POST') {
        let account;
        try {
          account = normalizeAccount(JSON.parse(await readBody(req)));
        } catch (err) {
          sendJson(res, 400, { error: 'invalid_request', error_description: err.message });
          return;
        }
        nextLogin = account;
        accounts.set(account.sub, account);
        log(`next login: ${JSON.stringify(account)}`);
        sendJson(res, 200, { ok: true, account });
        return;
      }
      if (req.method === 'GET') {
        sendJson(res, 200, { account: nextLogin });
        return;
      }
      sendJson(res, 405, { error: 'method_not_allowed' });
      return;
    }

    if (req.method === 'GET' && /^\/interaction\/[^/]+$/.test(path)) {
      try {
        await completeInteraction(req, res);
      } catch (err) {
        log('interaction failed', err);
        if (!res.headersSent) sendJson(res, 400, { error: err.error ?? 'invalid_request', error_description: err.error_description ?? err.message });
      }
      return;
    }

    if (req.method === 'GET' && path === '/github/user') {
      const account = await githubAccount(req, res);
      if (account) {
        sendJson(res, 200, {
          id: githubId(account.sub),
          login: account.login,
          name: account.name,
          email: null,
        });
      }
      return;
    }

    if (req.method === 'GET' && path === '/github/user/emails') {
      const account = await githubAccount(req, res);
      if (account) {
        const emails = [];
        if (account.email !== null) {
          emails.push({ email: account.email, primary: true, verified: account.email_verified, visibility: 'private' });
        }
        emails.push({
          email: `noreply-${account.sub}@users.noreply.github.com`,
          primary: false,
          verified: true,
          visibility: null,
        });
        sendJson(res, 200, emails);
      }
      return;
    }

    oidcCallback(req, res);
  };

  announce(issuer, port);
  log(`oidc-provider ready at ${issuer} for app ${APP_ORIGIN}`);
}

// ===========================================================================
// MODE=hostile: hand-written issuer that signs broken ID tokens.
// ===========================================================================
async function runHostile() {
  let tamper = process.env.TAMPER || 'none';
  if (!TAMPERS.includes(tamper)) fail(`TAMPER must be one of ${TAMPERS.join('|')}`);

  const key = await newSigningKey();
  // A second key that is NOT published, announced under the real key's kid.
  const rogue = await newSigningKey();

  const handler = { current: async () => {} };
  const server = await listen(handler);
  const { port } = server.address();
  const issuer = `http://${HOST}:${port}`;

  const codes = new Map(); // code -> { nonce, client_id, code_challenge, redirect_uri }

  const discovery = {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified'],
    authorization_response_iss_parameter_supported: true,
  };

  async function idToken({ client_id: clientId, nonce }) {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      aud: clientId,
      sub: 'hostile-sub',
      email: 'victim@example.com',
      email_verified: true,
      iat: now,
      exp: now + 300,
    };
    if (nonce !== undefined) claims.nonce = nonce;
    let signer = key;
    switch (tamper) {
      case 'nonce': claims.nonce = `tampered-${randomUUID()}`; break;
      case 'aud': claims.aud = 'someone-else'; break;
      case 'signature': signer = rogue; break;
      case 'iss': claims.iss = 'https://evil.example'; break;
      case 'expired': claims.exp = now - 600; claims.iat = now - 900; break;
      default: break;
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .sign(signer.privateKey);
  }

  handler.current = async (req, res) => {
    const url = new URL(req.url, issuer);
    const path = url.pathname;

    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      sendJson(res, 200, discovery, { 'cache-control': 'public, max-age=0' });
      return;
    }

    if (req.method === 'GET' && path === '/jwks') {
      sendJson(res, 200, { keys: [key.publicJwk] }, { 'content-type': 'application/jwk-set+json' });
      return;
    }

    if (req.method === 'GET' && path === '/auth') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri');
      let target;
      try {
        target = new URL(redirectUri);
        if (target.origin !== APP_ORIGIN) throw new Error('foreign origin');
      } catch {
        sendJson(res, 400, { error: 'invalid_request', error_description: 'redirect_uri must be on APP_ORIGIN' });
        return;
      }
      const code = randomBytes(24).toString('base64url');
      codes.set(code, {
        nonce: q.get('nonce') ?? undefined,
        client_id: q.get('client_id') ?? '',
        code_challenge: q.get('code_challenge') ?? undefined,
        redirect_uri: redirectUri,
      });
      target.searchParams.set('code', code);
      if (q.has('state')) target.searchParams.set('state', q.get('state'));
      target.searchParams.set('iss', issuer);
      log(`hostile /auth for ${q.get('client_id')} (tamper=${tamper})`);
      res.writeHead(302, { location: target.href, 'content-length': 0 });
      res.end();
      return;
    }

    if (req.method === 'POST' && path === '/token') {
      const form = new URLSearchParams(await readBody(req));
      let clientId = form.get('client_id');
      const basic = /^basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!clientId && basic) {
        clientId = decodeURIComponent(Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0]);
      }
      const code = form.get('code') ?? '';
      const entry = codes.get(code);
      codes.delete(code); // single use
      const verifier = form.get('code_verifier');
      if (
        form.get('grant_type') !== 'authorization_code'
        || !entry
        || !entry.code_challenge
        || !verifier
        || s256(verifier) !== entry.code_challenge
        || (clientId && clientId !== entry.client_id)
        || (form.has('redirect_uri') && form.get('redirect_uri') !== entry.redirect_uri)
      ) {
        sendJson(res, 400, { error: 'invalid_grant' });
        return;
      }
      sendJson(res, 200, {
        access_token: randomBytes(24).toString('base64url'),
        token_type: 'Bearer',
        expires_in: 3600,
        id_token: await idToken(entry),
        scope: 'openid email profile',
      });
      return;
    }

    // Switch the tamper mode without restarting: {"tamper":"aud"}.
    if (req.method === 'POST' && path === '/__test/tamper') {
      let next;
      try {
        next = JSON.parse(await readBody(req)).tamper;
      } catch {
        next = undefined;
      }
      if (!TAMPERS.includes(next)) {
        sendJson(res, 400, { error: 'invalid_request', error_description: `tamper must be one of ${TAMPERS.join('|')}` });
        return;
      }
      tamper = next;
      sendJson(res, 200, { ok: true, tamper });
      return;
    }

    sendJson(res, 404, { error: 'not_found' });
  };

  announce(issuer, port);
  log(`hostile issuer ready at ${issuer} (tamper=${tamper}) for app ${APP_ORIGIN}`);
}

// ---------------------------------------------------------------------------
const modes = { provider: runProvider, hostile: runHostile };
if (!modes[MODE]) fail(`MODE must be one of ${Object.keys(modes).join('|')}`);
modes[MODE]().catch((err) => fail(err?.stack ?? String(err)));
