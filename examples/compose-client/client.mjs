// A sample service for docker-compose.yml: it starts once chat-user-mock is healthy, calls each
// platform once with the mock's public test credentials, and exits 0 (or 1 naming what failed).
// Plain Node 22 (global fetch and WebSocket), no dependencies:  MOCK_URL=http://127.0.0.1:8080 node client.mjs
const base = (process.env.MOCK_URL ?? 'http://chat-user-mock:8080').replace(/\/+$/, '');

async function call(path, init = {}) {
  const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const body = await response.json();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

// The mock answers with URLs built from the Host it was called by (here the compose service name).
const credentials = await call('/__mock/credentials');

const zulip = await call('/api/v1/users/me', {
  headers: { authorization: `Basic ${Buffer.from(`${credentials.zulip.email}:${credentials.zulip.api_key}`).toString('base64')}` },
});
console.log(`zulip      /api/v1/users/me      -> ${zulip.full_name}`);

const tyler = await call('/v3/users/Tyler', { headers: { 'Api-Token': credentials.sendbird.api_token } });
console.log(`sendbird   /v3/users/Tyler       -> ${tyler.nickname}`);

const signin = await call('/api/v1/auths/signin', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: credentials.openwebui.email, password: credentials.openwebui.password }),
});
const users = await call('/api/v1/users/', { headers: { authorization: `Bearer ${signin.token}` } });
console.log(`openwebui  /api/v1/users/        -> ${users.total} users`);

const chakra = await call('/v1/ext/users', { headers: { authorization: `Bearer ${credentials.chakra.token}` } });
console.log(`chakra     /v1/ext/users         -> ${chakra._data.length} users`);

// nandbox is one WebSocket: TOKEN_AUTH first, then getUser.
const user = await new Promise((resolve, reject) => {
  const socket = new WebSocket(credentials.nandbox.url);
  const timer = setTimeout(() => reject(new Error('nandbox: no answer within 10 s')), 10_000);
  socket.onerror = () => reject(new Error(`nandbox: cannot connect to ${credentials.nandbox.url}`));
  socket.onopen = () => socket.send(JSON.stringify({ method: 'TOKEN_AUTH', token: credentials.nandbox.token, rem: true }));
  socket.onmessage = ({ data }) => {
    const frame = JSON.parse(data);
    if (frame.method === 'TOKEN_AUTH_OK') {
      socket.send(JSON.stringify({ method: 'getUser', app_id: credentials.nandbox.app_id, user_id: '90089584980037358', reference: 1 }));
    } else if (frame.method === 'userDetails') {
      clearTimeout(timer);
      socket.close();
      resolve(frame.user);
    } else {
      reject(new Error(`nandbox: ${data}`));
    }
  };
});
console.log(`nandbox    getUser (WebSocket)   -> ${user.name}`);
