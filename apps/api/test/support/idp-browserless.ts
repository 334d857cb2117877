/**
 * Goes through a SimpleSAMLphp sign-in the way a browser does (following its redirects, posting its user/password
 * form, keeping its cookies), without a browser: returns the auto-submitted form the IdP sends back.
 */
export async function signInAtIdp(
  authorizeUrl: string,
  username: string,
  password: string,
): Promise<{ action: string; SAMLResponse: string; RelayState: string }> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  };
  let url = authorizeUrl;
  let res: Response;
  for (let hops = 0; ; hops++) {
    res = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
    keep(res);
    const next = res.headers.get('location');
    if (!next || hops > 10) break;
    url = new URL(next, url).toString();
  }
  const login = await res.text();
  const authState = /name="AuthState"\s+value="([^"]+)"/.exec(login)?.[1];
  if (!authState)
    throw new Error(
      `No login form at ${url} (${res.status}):\n${login
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 3000)}`,
    );
  const action = new URL(
    /<form[^>]*action="([^"]*)"/.exec(login)?.[1]?.replace(/&amp;/g, '&') || url,
    url,
  ).toString();
  const body = new URLSearchParams({ username, password, AuthState: decode(authState) });
  res = await fetch(action, { method: 'POST', redirect: 'manual', body, headers: { cookie: cookie() } });
  keep(res);
  for (let hops = 0; res.headers.get('location') && hops < 10; hops++) {
    url = new URL(res.headers.get('location')!, action).toString();
    res = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
    keep(res);
  }
  const html = await res.text();
  const field = (name: string) =>
    decode(new RegExp(`name="${name}"\\s+value="([^"]*)"`).exec(html)?.[1] ?? '');
  const post = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!post) throw new Error(`No response form (${res.status}):\n${html.slice(0, 2000)}`);
  return { action: decode(post), SAMLResponse: field('SAMLResponse'), RelayState: field('RelayState') };
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x2F;/gi, '/');
