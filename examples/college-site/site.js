// The page's only script (external: the site runs under a strict Content-Security-Policy, no inline script).
// It shows the sections that fit the signed-in profile, filled from GET /api/v1/me as <preau-sign-in>
// announces it with `preau-session-change`.

// Without network the page still opens, with the last roll calls (sw.js); saves wait on the device.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});

/** Replaces `{name}` in every text node and attribute of a cloned template. */
function fill(fragment, vars) {
  const replace = (text) =>
    text.replace(/\{(\w+)\}/g, (whole, key) => (key in vars ? String(vars[key] ?? '') : whole));
  const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) node.data = replace(node.data);
    else for (const attr of node.attributes) attr.value = replace(attr.value);
  }
  return fragment;
}

/** What one card of a section stands for: a child, a class × subject, or the user. */
function itemsFor(per, session) {
  if (per === 'child') {
    return (session.children ?? []).map((c) => ({
      id: c.id,
      firstName: c.firstName,
      lastName: c.lastName,
      uai: c.uai,
      classId: c.class?.id ?? '',
      className: c.class?.name ?? 'classe non renseignée',
    }));
  }
  if (per === 'class-subject') {
    return (session.classes ?? []).flatMap((k) =>
      (k.subjects.length ? k.subjects : [{ id: '', code: '', name: '' }]).map((s) => ({
        classId: k.id,
        className: k.name,
        isHeadTeacher: k.isHeadTeacher,
        subjectId: s.id,
        subjectCode: s.code,
        subjectName: s.name,
      })),
    );
  }
  const u = session.user;
  return [{ id: u.id, firstName: u.firstName, lastName: u.lastName, uai: u.uai ?? '' }];
}

function show(session) {
  document.body.dataset.session = session ? session.user.profile : 'none';
  const welcome = document.getElementById('bienvenue');
  welcome.hidden = !session;
  welcome.textContent = session ? `Bonjour ${session.user.firstName} ${session.user.lastName}.` : '';
  for (const section of document.querySelectorAll('[data-profiles]')) {
    const list = section.querySelector('[data-list]');
    const template = section.querySelector('template');
    list.replaceChildren();
    const visible = Boolean(session) && section.dataset.profiles.split(' ').includes(session.user.profile);
    section.hidden = !visible;
    if (!visible) continue;
    for (const vars of itemsFor(section.dataset.per, session)) {
      list.append(fill(template.content.cloneNode(true), vars));
    }
  }
}

document.addEventListener('preau-session-change', (event) => show(event.detail.session));

// In case the session was already known before this script ran.
const signIn = document.querySelector('preau-sign-in');
if (signIn?.session) show(signIn.session);
