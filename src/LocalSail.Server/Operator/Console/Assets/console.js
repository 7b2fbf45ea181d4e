// LocalSail console: plain JavaScript, no build step, no dependencies.
// Lightsail operations run through the console's API (/_localsail/console/api/lightsail/<Operation>); objects
// are listed, uploaded, downloaded and deleted over the S3 endpoint with short-lived presigned URLs.
'use strict';

(() => {
  const BASE = '/_localsail';
  const API = BASE + '/console/api';
  const REGIONS = [
    'us-east-1', 'us-east-2', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1',
    'eu-north-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2',
  ];
  const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,52}[a-z0-9]$/;
  const state = { session: null, region: null, bundles: null };
  const root = document.getElementById('app');
  let renderSeq = 0;

  // ---------------------------------------------------------------- DOM helpers

  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') el.className = value;
      else if (name === 'text') el.textContent = value;
      else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
    append(el, children);
    return el;
  }

  /** Replaces an element's children, skipping absent ones. */
  const fill = (el, ...children) => { el.replaceChildren(); return append(el, children); };

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const ICONS = {
    bucket: ['M4 6c0-1.66 3.58-3 8-3s8 1.34 8 3-3.58 3-8 3-8-1.34-8-3z', 'M4 6v12c0 1.66 3.58 3 8 3s8-1.34 8-3V6', 'M4 12c0 1.66 3.58 3 8 3s8-1.34 8-3'],
    key: ['M21 2l-2 2m-7.61 7.61a5.5 5.5 0 1 1-7.78 7.78 5.5 5.5 0 0 1 7.78-7.78zm0 0L15.5 7.5m0 0l3 3L22 7l-3-3m-3.5 3.5L19 4'],
    activity: ['M22 12h-4l-3 9L9 3l-3 9H2'],
    server: ['M4 2h16a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2z', 'M4 14h16a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-4a2 2 0 0 1 2-2z', 'M6 6h.01M6 18h.01'],
    plus: ['M12 5v14M5 12h14'],
    upload: ['M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4', 'M17 8l-5-5-5 5', 'M12 3v12'],
    download: ['M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4', 'M7 10l5 5 5-5', 'M12 15V3'],
    trash: ['M3 6h18', 'M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6', 'M10 11v6M14 11v6', 'M9 6V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2'],
    folder: ['M22 19a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h5l2 3h9a2 2 0 0 1 2 2z'],
    folderPlus: ['M22 19a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h5l2 3h9a2 2 0 0 1 2 2z', 'M12 11v6M9 14h6'],
    file: ['M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z', 'M14 2v6h6'],
    refresh: ['M23 4v6h-6', 'M20.49 15a9 9 0 1 1-2.12-9.36L23 10'],
    copy: ['M11 9h9a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z', 'M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1'],
    check: ['M20 6L9 17l-5-5'],
    alert: ['M10.29 3.86L1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0z', 'M12 9v4M12 17h.01'],
    info: ['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M12 16v-4M12 8h.01'],
    logout: ['M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4', 'M16 17l5-5-5-5', 'M21 12H9'],
    lock: ['M5 11h14a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2z', 'M7 11V7a5 5 0 0 1 10 0v4'],
    globe: ['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M2 12h20', 'M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z'],
  };

  function icon(name) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('fill', 'none');
    svg.setAttribute('stroke', 'currentColor');
    svg.setAttribute('stroke-width', '1.8');
    svg.setAttribute('stroke-linecap', 'round');
    svg.setAttribute('stroke-linejoin', 'round');
    svg.setAttribute('aria-hidden', 'true');
    for (const d of ICONS[name] || []) {
      const path = document.createElementNS(ns, 'path');
      path.setAttribute('d', d);
      svg.append(path);
    }
    return svg;
  }

  function button(label, onclick, { kind = '', iconName = null, title = null, testid = null, disabled = false } = {}) {
    return h('button', { type: 'button', class: `btn ${kind}`.trim(), onclick, title, 'aria-label': title, 'data-testid': testid, disabled },
      iconName ? icon(iconName) : null, label);
  }

  const loading = (text = 'Loading…') => h('div', { class: 'loading' }, h('span', { class: 'spinner' }), ' ', text);
  const badge = (text, color = '', dot = false) => h('span', { class: `badge ${color}`.trim() }, dot ? h('span', { class: 'dot' }) : null, text);

  function callout(kind, text) {
    return h('div', { class: `callout ${kind}`, role: kind === 'error' ? 'alert' : null },
      icon(kind === 'warning' || kind === 'error' ? 'alert' : kind === 'success' ? 'check' : 'info'), h('div', null, text));
  }

  function emptyState(title, text, action) {
    return h('div', { class: 'empty' }, h('h3', { text: title }), h('div', { text }), action || null);
  }

  function errorBlock(error) {
    return h('div', { class: 'card-body' }, callout('error', messageOf(error)));
  }

  // ---------------------------------------------------------------- formatting

  function bytes(n) {
    if (n === null || n === undefined || Number.isNaN(n)) return '—';
    if (n < 1024) return `${n} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = n / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
  }

  const count = n => (n === null || n === undefined) ? '—' : Number(n).toLocaleString('en-US');
  const toDate = value => (typeof value === 'number' ? new Date(value * 1000) : new Date(value));

  function dateTime(value) {
    if (value === null || value === undefined) return '—';
    const d = toDate(value);
    return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }

  function ago(value) {
    if (value === null || value === undefined) return '—';
    const seconds = Math.round((Date.now() - toDate(value).getTime()) / 1000);
    if (seconds < 45) return 'just now';
    const steps = [[60, 'minute'], [3600, 'hour'], [86400, 'day'], [2592000, 'month'], [31536000, 'year']];
    let result = '';
    for (let i = steps.length - 1; i >= 0; i--) {
      const [size, name] = steps[i];
      if (seconds >= size * 0.9) { const n = Math.max(1, Math.round(seconds / size)); result = `${n} ${name}${n === 1 ? '' : 's'} ago`; break; }
    }
    return result || `${seconds} seconds ago`;
  }

  const timeCell = value => h('span', { title: value ? toDate(value).toISOString() : null, class: 'nowrap' }, ago(value));
  const messageOf = error => (error && error.message) ? error.message : String(error);

  // ---------------------------------------------------------------- talking to the server

  class ApiError extends Error {
    constructor(message, status, code) { super(message); this.status = status; this.code = code; }
  }

  async function readJson(response) {
    const text = await response.text();
    let data = null;
    if (text) { try { data = JSON.parse(text); } catch { data = null; } }
    if (!response.ok) {
      const message = (data && (data.message || data.Message)) || `The server answered ${response.status} ${response.statusText}.`;
      const code = data && (data.error || data.code || data.__type);
      if (response.status === 401 && code === 'SessionRequired') sessionLost();
      throw new ApiError(message, response.status, code);
    }
    return data;
  }

  async function post(path, body) {
    let response;
    try {
      response = await fetch(API + path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-LocalSail-Csrf': (state.session && state.session.csrfToken) || '' },
        body: JSON.stringify(body || {}),
      });
    } catch {
      throw new ApiError('The LocalSail server cannot be reached. Is it still running?', 0, 'Unreachable');
    }
    return readJson(response);
  }

  const regionQuery = () => `?region=${encodeURIComponent(state.region)}`;
  const lightsail = (operation, input) => post(`/lightsail/${operation}${regionQuery()}`, input);
  const presign = request => post(`/presign${regionQuery()}`, request);

  async function s3(request, init = {}) {
    const signed = await presign(request);
    let response;
    try {
      response = await fetch(signed.url, { method: signed.method, credentials: 'omit', ...init });
    } catch {
      throw new ApiError('The S3 endpoint cannot be reached.', 0, 'Unreachable');
    }
    if (!response.ok) throw new ApiError(await s3Message(response), response.status);
    return response;
  }

  async function s3Message(response) {
    const text = await response.text();
    const doc = text ? new DOMParser().parseFromString(text, 'application/xml') : null;
    const message = doc && doc.querySelector('Message');
    const code = doc && doc.querySelector('Code');
    if (message && message.textContent) return message.textContent;
    return `S3 answered ${response.status}${code ? ` (${code.textContent})` : ''}.`;
  }

  const childrenNamed = (el, name) => Array.from(el.children).filter(c => c.localName === name);
  const childText = (el, name) => { const c = childrenNamed(el, name)[0]; return c ? c.textContent : null; };

  async function listObjects(bucket, prefix, continuationToken) {
    const response = await s3({ operation: 'ListObjectsV2', bucket, prefix, delimiter: '/', continuationToken });
    const doc = new DOMParser().parseFromString(await response.text(), 'application/xml');
    const result = doc.documentElement;
    return {
      folders: childrenNamed(result, 'CommonPrefixes').map(p => childText(p, 'Prefix')),
      objects: childrenNamed(result, 'Contents').map(c => ({
        key: childText(c, 'Key'), size: Number(childText(c, 'Size')), lastModified: childText(c, 'LastModified'),
      })),
      next: childText(result, 'IsTruncated') === 'true' ? childText(result, 'NextContinuationToken') : null,
    };
  }

  async function allBuckets() {
    const buckets = [];
    let pageToken;
    do {
      const page = await lightsail('GetBuckets', pageToken ? { pageToken, includeCors: true } : { includeCors: true });
      buckets.push(...(page.buckets || []));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return buckets;
  }

  async function bundles() {
    if (!state.bundles) state.bundles = (await lightsail('GetBucketBundles', { includeInactive: false })).bundles || [];
    return state.bundles;
  }

  function metric(bucketName, metricName, seconds, period) {
    const now = Math.floor(Date.now() / 1000);
    return lightsail('GetBucketMetricData', {
      bucketName, metricName, startTime: now - seconds, endTime: now + 60, period, statistics: ['Maximum'],
      unit: metricName === 'BucketSizeBytes' ? 'Bytes' : 'Count',
    }).then(r => (r.metricData || []).map(p => ({ t: toDate(p.timestamp).getTime(), v: p.maximum })).sort((a, b) => a.t - b.t));
  }

  async function usage(bucketName) {
    const [size, objects] = await Promise.all([metric(bucketName, 'BucketSizeBytes', 120, 60), metric(bucketName, 'NumberOfObjects', 120, 60)]);
    const last = series => (series.length ? series[series.length - 1].v : 0);
    return { size: last(size), objects: last(objects) };
  }

  // ---------------------------------------------------------------- toasts and dialogs

  function toast(text, kind = 'success') {
    let host = document.querySelector('.toasts');
    if (!host) { host = h('div', { class: 'toasts', 'aria-live': 'polite' }); document.body.append(host); }
    const el = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, icon(kind === 'error' ? 'alert' : 'check'), h('div', { text }));
    host.append(el);
    setTimeout(() => el.remove(), kind === 'error' ? 8000 : 4000);
  }

  function dialog({ title, description, body, actions, wide = false, testid = null, onclose = null }) {
    const el = h('dialog', { class: wide ? 'wide' : null, 'data-testid': testid, 'aria-label': title },
      h('div', { class: 'dialog-head' }, h('h2', { text: title }), description ? h('p', { text: description }) : null),
      h('div', { class: 'dialog-body' }, body),
      h('div', { class: 'dialog-foot' }, actions));
    el.addEventListener('close', () => { el.remove(); if (onclose) onclose(); });
    document.body.append(el);
    el.showModal();
    return el;
  }

  /** Asks before a destructive action; with typeToConfirm the user must type that word first. */
  function confirmAction({ title, message, confirmLabel, typeToConfirm = null, extra = null, action }) {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const typed = typeToConfirm ? h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'confirm-input', 'aria-label': `Type ${typeToConfirm} to confirm` }) : null;
    const confirm = button(confirmLabel, async () => {
      confirm.disabled = true;
      error.textContent = '';
      try {
        await action(extra ? extra.value() : undefined);
        el.close();
      } catch (e) {
        error.textContent = messageOf(e);
        confirm.disabled = typed ? typed.value !== typeToConfirm : false;
      }
    }, { kind: 'danger', testid: 'confirm' });
    if (typed) {
      confirm.disabled = true;
      typed.addEventListener('input', () => { confirm.disabled = typed.value !== typeToConfirm; });
    }
    const el = dialog({
      title,
      testid: 'confirm-dialog',
      body: [
        h('p', { style: null }, message),
        extra ? extra.element : null,
        typed ? h('label', { class: 'field' }, h('span', null, 'Type ', h('code', { text: typeToConfirm }), ' to confirm'), typed) : null,
        error,
      ],
      actions: [button('Cancel', () => el.close(), { testid: 'cancel' }), confirm],
    });
    (typed || confirm).focus();
  }

  async function copyText(text, buttonEl) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = h('textarea', null, text);
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    const label = buttonEl.lastChild;
    const before = label.textContent;
    label.textContent = 'Copied';
    setTimeout(() => { label.textContent = before; }, 1500);
  }

  // ---------------------------------------------------------------- layout

  function route() {
    const hash = location.hash.replace(/^#/, '') || '/buckets';
    const [path, query] = hash.split('?');
    return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
  }

  const link = (href, ...children) => h('a', { href }, ...children);
  const bucketHref = (name, tab = 'objects', prefix = '') =>
    `#/buckets/${encodeURIComponent(name)}/${tab}${prefix ? `?prefix=${encodeURIComponent(prefix)}` : ''}`;

  function shell(section, crumbs) {
    const navItem = (key, href, label, iconName) =>
      h('a', { href, class: section === key ? 'active' : null, 'aria-current': section === key ? 'page' : null }, icon(iconName), label);
    const regionSelect = h('select', { class: 'select-inline', 'aria-label': 'Region', 'data-testid': 'region' },
      REGIONS.map(r => h('option', { value: r, selected: r === state.region }, r)));
    regionSelect.addEventListener('change', () => {
      state.region = regionSelect.value;
      localStorage.setItem('localsail.region', state.region);
      location.hash = '#/buckets';
      render();
    });
    const content = h('main', { class: 'content', id: 'content' });
    const session = state.session;
    const page = h('div', { class: 'shell' },
      h('aside', { class: 'sidebar' },
        h('div', { class: 'brand' }, h('img', { src: `${BASE}/console/assets/logo.svg`, alt: '' }),
          h('div', null, 'LocalSail', h('small', { text: 'Object storage console' }))),
        h('nav', { class: 'nav', 'aria-label': 'Sections' },
          navItem('buckets', '#/buckets', 'Buckets', 'bucket'),
          navItem('keys', '#/keys', 'Access keys', 'key'),
          navItem('operations', '#/operations', 'Operations', 'activity'),
          navItem('server', '#/server', 'Server', 'server')),
        h('div', { class: 'sidebar-foot', text: `LocalSail ${session.version}` })),
      h('div', { class: 'main' },
        h('header', { class: 'topbar' },
          h('div', { class: 'crumbs' }, crumbs.flatMap((c, i) => [
            i > 0 ? h('span', { class: 'sep', text: '/' }) : null,
            i === crumbs.length - 1 ? h('span', { class: 'current', text: c.label }) : link(c.href, c.label),
          ])),
          h('div', { class: 'spacer' }),
          regionSelect,
          h('div', { class: 'account' }, 'Account', h('span', { class: 'chip', text: session.accountId })),
          session.loginRequired ? button('Sign out', signOut, { kind: 'ghost small', iconName: 'logout', testid: 'sign-out' }) : null),
        content));
    root.replaceChildren(page);
    return content;
  }

  function pageHead(view, title, description, actions = [], extraTitle = null) {
    view.append(h('div', { class: 'page-head' },
      h('div', null, h('div', { class: 'title-row' }, h('h1', { text: title }), extraTitle), description ? h('p', { text: description }) : null),
      h('div', { class: 'actions' }, actions)));
  }

  async function render() {
    const seq = ++renderSeq;
    const stillCurrent = () => seq === renderSeq;
    if (!state.session || !state.session.authenticated) { loginPage(); return; }
    const { parts, params } = route();
    try {
      if (parts[0] === 'buckets' && parts[1]) {
        await bucketPage(parts[1], parts[2] || 'objects', params, stillCurrent);
      } else if (parts[0] === 'keys') {
        await keysPage(stillCurrent);
      } else if (parts[0] === 'operations') {
        await operationsPage(stillCurrent);
      } else if (parts[0] === 'server') {
        await serverPage(stillCurrent);
      } else {
        await bucketsPage(stillCurrent);
      }
    } catch (e) {
      if (!stillCurrent()) return;
      const content = document.getElementById('content');
      if (content) content.append(h('div', { class: 'card' }, errorBlock(e)));
    }
  }

  // ---------------------------------------------------------------- buckets

  async function bucketsPage(stillCurrent) {
    const view = shell('buckets', [{ label: 'Buckets' }]);
    pageHead(view, 'Buckets', `Buckets of account ${state.session.accountId} in ${state.region}.`,
      [button('Create bucket', createBucketDialog, { kind: 'primary', iconName: 'plus', testid: 'create-bucket' })]);
    const card = h('div', { class: 'card' }, loading());
    view.append(card);
    const buckets = await allBuckets();
    if (!stillCurrent()) return;
    if (buckets.length === 0) {
      card.replaceChildren(emptyState('No buckets yet', `Create a bucket to store objects in ${state.region}.`,
        button('Create bucket', createBucketDialog, { kind: 'primary', iconName: 'plus' })));
      return;
    }
    const allBundles = await bundles();
    const rows = buckets.map(b => {
      const objects = h('td', { class: 'num' }, h('span', { class: 'spinner' }));
      const size = h('td', { class: 'num' }, h('span', { class: 'spinner' }));
      usage(b.name).then(u => { objects.textContent = count(u.objects); size.textContent = bytes(u.size); })
        .catch(() => { objects.textContent = '—'; size.textContent = '—'; });
      const bundle = allBundles.find(x => x.bundleId === b.bundleId);
      return h('tr', { 'data-bucket': b.name },
        h('td', null, h('a', { href: bucketHref(b.name), class: 'name-cell' }, icon('bucket'), b.name)),
        h('td', null, bundle ? `${bundle.name} · ${bundle.storagePerMonthInGb} GB` : b.bundleId),
        objects, size,
        h('td', null, accessBadge(b.accessRules)),
        h('td', null, versioningBadge(b.objectVersioning)),
        h('td', null, timeCell(b.createdAt)));
    });
    card.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'buckets' },
      h('thead', null, h('tr', null, h('th', { text: 'Name' }), h('th', { text: 'Bundle' }), h('th', { class: 'num', text: 'Objects' }),
        h('th', { class: 'num', text: 'Size' }), h('th', { text: 'Access' }), h('th', { text: 'Versioning' }), h('th', { text: 'Created' }))),
      h('tbody', null, rows))));
  }

  function accessBadge(rules) {
    return rules && rules.getObject === 'public' ? badge('Public', 'amber', true) : badge('Private', 'green', true);
  }

  function versioningBadge(versioning) {
    if (versioning === 'Enabled') return badge('Enabled', 'blue');
    if (versioning === 'Suspended') return badge('Suspended', 'amber');
    return badge('Off');
  }

  async function createBucketDialog() {
    const allBundles = await bundles().catch(e => { toast(messageOf(e), 'error'); return null; });
    if (!allBundles) return;
    const name = h('input', { type: 'text', name: 'bucketName', autocomplete: 'off', spellcheck: 'false', placeholder: 'my-bucket', 'data-testid': 'bucket-name' });
    const bundle = h('select', { name: 'bundleId', 'data-testid': 'bundle' },
      allBundles.map(b => h('option', { value: b.bundleId },
        `${b.name} — ${b.storagePerMonthInGb} GB storage, ${b.transferPerMonthInGb} GB transfer, $${b.price}/month`)));
    const versioning = h('input', { type: 'checkbox', name: 'versioning' });
    const error = h('p', { class: 'form-error', role: 'alert' });
    const create = button('Create bucket', submit, { kind: 'primary', testid: 'create-bucket-submit' });
    async function submit() {
      error.textContent = '';
      const bucketName = name.value.trim();
      if (!BUCKET_NAME.test(bucketName)) {
        error.textContent = 'A bucket name is 3 to 54 characters: lower-case letters, digits and hyphens, starting and ending with a letter or digit.';
        name.focus();
        return;
      }
      create.disabled = true;
      try {
        await lightsail('CreateBucket', { bucketName, bundleId: bundle.value, enableObjectVersioning: versioning.checked });
        el.close();
        toast(`Bucket ${bucketName} created.`);
        location.hash = bucketHref(bucketName);
        render();
      } catch (e) {
        error.textContent = messageOf(e);
        create.disabled = false;
      }
    }
    name.addEventListener('keydown', e => { if (e.key === 'Enter') submit(); });
    const el = dialog({
      title: 'Create bucket',
      description: `The bucket is created in ${state.region}. Its name must be unique on this server.`,
      testid: 'create-bucket-dialog',
      body: [
        h('label', { class: 'field' }, h('span', { text: 'Bucket name' }), name, h('small', { text: 'Lower-case letters, digits and hyphens; 3 to 54 characters.' })),
        h('label', { class: 'field' }, h('span', { text: 'Bundle' }), bundle, h('small', { text: 'The bundle can be changed once a month.' })),
        h('label', { class: 'check' }, versioning, h('div', null, 'Enable object versioning', h('small', { text: 'Keep every version of an object when it is overwritten or deleted.' }))),
        error,
      ],
      actions: [button('Cancel', () => el.close()), create],
    });
    name.focus();
  }

  async function bucketPage(name, tab, params, stillCurrent) {
    const view = shell('buckets', [{ label: 'Buckets', href: '#/buckets' }, { label: name }]);
    const head = h('div');
    const tabs = h('nav', { class: 'tabs', 'aria-label': 'Bucket' },
      [['objects', 'Objects'], ['overview', 'Overview'], ['keys', 'Access keys'], ['settings', 'Settings']].map(([key, label]) =>
        h('a', { href: bucketHref(name, key), class: tab === key ? 'active' : null, 'data-testid': `tab-${key}` }, label)));
    const body = h('div', null, loading());
    view.append(head, tabs, body);
    const result = await lightsail('GetBuckets', { bucketName: name, includeCors: true });
    if (!stillCurrent()) return;
    const bucket = result.buckets[0];
    pageHead(head, bucket.name, `${bucket.location.regionName} · created ${dateTime(bucket.createdAt)}`, [
      button('Delete bucket', () => deleteBucketDialog(bucket), { kind: 'ghost danger-text', iconName: 'trash', testid: 'delete-bucket' }),
    ], [accessBadge(bucket.accessRules), versioningBadge(bucket.objectVersioning)]);
    head.replaceWith(...head.childNodes);
    body.replaceChildren();
    if (tab === 'overview') await bucketOverview(body, bucket, stillCurrent);
    else if (tab === 'keys') await bucketKeys(body, bucket, stillCurrent);
    else if (tab === 'settings') await bucketSettings(body, bucket);
    else await objectBrowser(body, bucket, params.get('prefix') || '', stillCurrent);
  }

  function deleteBucketDialog(bucket) {
    const force = h('input', { type: 'checkbox', 'data-testid': 'force-delete' });
    confirmAction({
      title: `Delete bucket ${bucket.name}?`,
      message: 'The bucket and its settings are deleted for good. A bucket that still holds objects or access keys is deleted only when you also delete those.',
      confirmLabel: 'Delete bucket',
      typeToConfirm: bucket.name,
      extra: {
        element: h('label', { class: 'check' }, force, h('div', null, 'Also delete its objects and access keys', h('small', { text: 'Every object, version and key of the bucket goes with it; the keys stop working at once.' }))),
        value: () => force.checked,
      },
      action: async forceDelete => {
        await lightsail('DeleteBucket', { bucketName: bucket.name, forceDelete });
        toast(`Bucket ${bucket.name} deleted.`);
        location.hash = '#/buckets';
      },
    });
  }

  // ---------------------------------------------------------------- bucket overview and chart

  async function bucketOverview(body, bucket, stillCurrent) {
    const allBundles = await bundles();
    const bundle = allBundles.find(b => b.bundleId === bucket.bundleId);
    const now = await usage(bucket.name);
    if (!stillCurrent()) return;
    const quota = bundle ? bundle.storagePerMonthInGb * 1e9 : null;
    const percent = quota ? Math.min(100, (now.size / quota) * 100) : 0;
    const meter = h('div', { class: 'meter' }, h('div'));
    meter.firstChild.style.width = `${Math.max(percent, now.size > 0 ? 1 : 0)}%`;
    body.append(h('div', { class: 'grid stats' },
      h('div', { class: 'card stat' }, h('div', { class: 'label', text: 'Objects' }), h('div', { class: 'value', 'data-testid': 'object-count', text: count(now.objects) }), h('div', { class: 'hint', text: 'All versions' })),
      h('div', { class: 'card stat' }, h('div', { class: 'label', text: 'Stored' }), h('div', { class: 'value', text: bytes(now.size) }),
        h('div', { class: 'hint', text: quota ? `${percent > 0 && percent < 0.01 ? 'under 0.01' : percent.toFixed(percent < 1 ? 2 : 0)}% of ${bundle.storagePerMonthInGb} GB` : '' }), meter),
      h('div', { class: 'card stat' }, h('div', { class: 'label', text: 'Bundle' }), h('div', { class: 'value', text: bundle ? bundle.name : bucket.bundleId }),
        h('div', { class: 'hint', text: bundle ? `${bundle.storagePerMonthInGb} GB storage · ${bundle.transferPerMonthInGb} GB transfer · $${bundle.price}/month` : '' }))));

    const chartBody = h('div', { class: 'card-body' });
    const ranges = [['1h', 3600, 60], ['24h', 86400, 900], ['7d', 604800, 3600]];
    const rangeButtons = h('div', { class: 'chart-range', role: 'group', 'aria-label': 'Time range' });
    async function show(index) {
      Array.from(rangeButtons.children).forEach((b, i) => b.classList.toggle('active', i === index));
      chartBody.replaceChildren(loading());
      const [, seconds, period] = ranges[index];
      try {
        const [size, objects] = await Promise.all([metric(bucket.name, 'BucketSizeBytes', seconds, period), metric(bucket.name, 'NumberOfObjects', seconds, period)]);
        chartBody.replaceChildren(h('div', { class: 'grid two' },
          h('div', null, h('h3', { text: 'Stored bytes' }), lineChart(size, bytes, '#1d4ed8', seconds, 1024)),
          h('div', null, h('h3', { text: 'Objects' }), lineChart(objects, count, '#0f766e', seconds, 1000))),
        h('div', { class: 'chart-legend', text: 'Sampled by the server at a fixed interval; the latest point is measured now.' }));
      } catch (e) {
        chartBody.replaceChildren(callout('error', messageOf(e)));
      }
    }
    ranges.forEach(([label], i) => rangeButtons.append(h('button', { type: 'button', onclick: () => show(i) }, label)));
    body.append(h('div', { class: 'card' },
      h('div', { class: 'card-head' }, h('div', null, h('h2', { text: 'Size and objects over time' }), h('p', { text: 'The largest value seen in each period.' })), rangeButtons),
      chartBody));
    show(1);

    const props = h('dl', { class: 'props' },
      h('dt', { text: 'Name' }), h('dd', { class: 'mono', text: bucket.name }),
      h('dt', { text: 'ARN' }), h('dd', { class: 'mono', text: bucket.arn }),
      h('dt', { text: 'URL' }), h('dd', { class: 'mono', text: bucket.url }),
      h('dt', { text: 'Region' }), h('dd', { text: bucket.location.regionName }),
      h('dt', { text: 'Access' }), h('dd', null, bucket.accessRules.getObject === 'public' ? 'Anyone can read objects' : 'Objects are private',
        bucket.accessRules.allowPublicOverrides ? ' · objects may be made public one by one' : ''),
      h('dt', { text: 'Versioning' }), h('dd', { text: bucket.objectVersioning === 'NeverEnabled' ? 'Never enabled' : bucket.objectVersioning }),
      h('dt', { text: 'CORS' }), h('dd', { text: corsSummary(bucket.cors) }),
      h('dt', { text: 'Tags' }), h('dd', { text: (bucket.tags || []).map(t => (t.value ? `${t.key}=${t.value}` : t.key)).join(', ') || '—' }),
      h('dt', { text: 'Support code' }), h('dd', { class: 'mono', text: bucket.supportCode }));
    body.append(h('div', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', { text: 'Properties' })), h('div', { class: 'card-body' }, props)));

    const ops = h('div', null, loading());
    body.append(h('div', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', { text: 'Recent operations' })), ops));
    try {
      const page = await lightsail('GetOperationsForResource', { resourceName: bucket.name });
      ops.replaceChildren(operationsTable(page.operations || [], false));
    } catch (e) {
      ops.replaceChildren(errorBlock(e));
    }
  }

  function corsSummary(cors) {
    const rules = (cors && cors.rules) || [];
    if (rules.length === 0) return 'No rules: browsers on other origins cannot read objects.';
    return rules.map(r => `${(r.allowedMethods || []).join(', ')} from ${(r.allowedOrigins || []).join(', ')}`).join('; ');
  }

  /** A line chart in SVG: time on x, the value on y, with a few labelled grid lines. */
  function lineChart(points, format, color, seconds, base) {
    if (points.length === 0) return h('div', { class: 'chart-empty', text: 'No samples in this range yet.' });
    const ns = 'http://www.w3.org/2000/svg';
    const W = 560, H = 200, left = 64, right = 12, top = 12, bottom = 26;
    const end = Date.now();
    const start = end - seconds * 1000;
    const step = niceStep(Math.max(1, ...points.map(p => p.v)) / 4, base);
    const niceMax = step * 4;
    const x = t => left + ((Math.max(t, start) - start) / (end - start)) * (W - left - right);
    const y = v => top + (1 - v / niceMax) * (H - top - bottom);
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    const add = (tag, attrs, text) => {
      const el = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      if (text !== undefined) el.textContent = text;
      svg.append(el);
      return el;
    };
    for (let i = 0; i <= 4; i++) {
      const value = step * i;
      add('line', { x1: left, x2: W - right, y1: y(value), y2: y(value), class: 'grid-line' });
      add('text', { x: left - 8, y: y(value) + 4, 'text-anchor': 'end', class: 'axis-label' }, format(Math.round(value)));
    }
    for (let i = 0; i <= 3; i++) {
      const t = start + ((end - start) / 3) * i;
      const d = new Date(t);
      const label = seconds > 86400 ? d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' }) : d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
      add('text', { x: x(t), y: H - 6, 'text-anchor': i === 0 ? 'start' : i === 3 ? 'end' : 'middle', class: 'axis-label' }, label);
    }
    const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    add('path', { d: `${line} L${x(points[points.length - 1].t).toFixed(1)},${y(0)} L${x(points[0].t).toFixed(1)},${y(0)} Z`, fill: color, class: 'area' });
    add('path', { d: line, stroke: color, class: 'line' });
    for (const p of points) {
      const dot = add('circle', { cx: x(p.t), cy: y(p.v), r: points.length > 60 ? 0 : 3, fill: color, class: 'point' });
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${new Date(p.t).toLocaleString('en-GB')}: ${format(p.v)}`;
      dot.append(title);
    }
    svg.setAttribute('aria-label', `Latest value ${format(points[points.length - 1].v)}`);
    return svg;
  }

  /** A round step of at least 1 for grid lines: 1, 2 or 5 times a power of ten, of units of 1024 bytes for sizes. */
  function niceStep(raw, base) {
    const unit = base === 1024 && raw >= 1024 ? Math.pow(1024, Math.floor(Math.log(raw) / Math.log(1024))) : 1;
    const scaled = Math.max(raw / unit, 1);
    const exponent = Math.pow(10, Math.floor(Math.log10(scaled)));
    for (const m of [1, 2, 5, 10]) if (scaled <= m * exponent) return m * exponent * unit;
    return 10 * exponent * unit;
  }

  // ---------------------------------------------------------------- object browser

  async function objectBrowser(body, bucket, prefix, stillCurrent) {
    const fileInput = h('input', { type: 'file', multiple: true, hidden: true, 'data-testid': 'upload-input' });
    const uploads = h('div', { class: 'uploads', hidden: true, 'data-testid': 'uploads' });
    const listing = h('div', null, loading());
    const pathParts = prefix.split('/').filter(Boolean);
    const path = h('div', { class: 'path', 'aria-label': 'Folder' },
      h('a', { href: bucketHref(bucket.name) }, bucket.name),
      pathParts.map((part, i) => [h('span', { class: 'sep', text: '/' }),
        i === pathParts.length - 1 ? h('strong', { text: part }) : h('a', { href: bucketHref(bucket.name, 'objects', pathParts.slice(0, i + 1).join('/') + '/') }, part)]));
    const card = h('div', { class: 'card dropzone' },
      h('div', { class: 'toolbar' }, path, h('div', { class: 'spacer' }),
        button('Refresh', () => load(), { kind: 'ghost small', iconName: 'refresh' }),
        button('New folder', () => newFolderDialog(bucket, prefix), { kind: 'small', iconName: 'folderPlus' }),
        button('Upload', () => fileInput.click(), { kind: 'primary small', iconName: 'upload', testid: 'upload' }),
        fileInput),
      uploads, listing);
    body.append(card);

    fileInput.addEventListener('change', () => { uploadFiles(Array.from(fileInput.files)); fileInput.value = ''; });
    card.addEventListener('dragover', e => { e.preventDefault(); card.classList.add('dragging'); });
    card.addEventListener('dragleave', e => { if (e.target === card) card.classList.remove('dragging'); });
    card.addEventListener('drop', e => { e.preventDefault(); card.classList.remove('dragging'); uploadFiles(Array.from(e.dataTransfer.files)); });

    let rows = [];
    async function load(token) {
      if (!token) { rows = []; listing.replaceChildren(loading()); }
      let page;
      try {
        page = await listObjects(bucket.name, prefix, token);
      } catch (e) {
        listing.replaceChildren(errorBlock(e));
        return;
      }
      if (!stillCurrent()) return;
      rows.push(...page.folders.map(folderRow), ...page.objects.filter(o => o.key !== prefix).map(objectRow));
      if (rows.length === 0) {
        listing.replaceChildren(emptyState(prefix ? 'This folder is empty' : 'No objects yet', 'Upload files with the Upload button, or drop them here.'));
        return;
      }
      const table = h('table', { 'data-testid': 'objects' },
        h('thead', null, h('tr', null, h('th', { text: 'Name' }), h('th', { class: 'num', text: 'Size' }), h('th', { text: 'Last modified' }), h('th', { class: 'num', text: 'Actions' }))),
        h('tbody', null, rows));
      const more = page.next ? h('div', { class: 'table-foot' }, button('Load more', () => { more.remove(); load(page.next); }, { kind: 'small' })) : null;
      fill(listing, h('div', { class: 'table-wrap' }, table), more);
    }

    const folderRow = folder => h('tr', null,
      h('td', null, h('a', { href: bucketHref(bucket.name, 'objects', folder), class: 'name-cell folder' }, icon('folder'), folder.slice(prefix.length))),
      h('td', { class: 'num muted', text: '—' }), h('td', { class: 'muted', text: 'Folder' }), h('td'));

    function objectRow(object) {
      const name = object.key.slice(prefix.length);
      return h('tr', { 'data-key': object.key },
        h('td', null, h('span', { class: 'name-cell' }, icon('file'), name)),
        h('td', { class: 'num', text: bytes(object.size) }),
        h('td', null, timeCell(object.lastModified)),
        h('td', { class: 'actions' },
          button('', () => download(object.key), { kind: 'ghost icon', iconName: 'download', title: `Download ${name}`, testid: 'download' }),
          button('', () => confirmAction({
            title: `Delete ${name}?`,
            message: bucket.objectVersioning === 'Enabled'
              ? 'Versioning is on: the object gets a delete marker and its earlier versions are kept.'
              : 'The object is deleted for good.',
            confirmLabel: 'Delete object',
            action: async () => { await s3({ operation: 'DeleteObject', bucket: bucket.name, key: object.key }); toast(`${name} deleted.`); load(); },
          }), { kind: 'ghost icon danger-text', iconName: 'trash', title: `Delete ${name}`, testid: 'delete-object' })));
    }

    async function download(key) {
      try {
        const signed = await presign({ operation: 'GetObject', bucket: bucket.name, key, download: true });
        const a = h('a', { href: signed.url, download: key.split('/').pop() || 'download', hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
      } catch (e) {
        toast(messageOf(e), 'error');
      }
    }

    function uploadFiles(files) {
      if (files.length === 0) return;
      uploads.hidden = false;
      let pending = files.length;
      for (const file of files) {
        const bar = h('div');
        const stateText = h('div', { class: 'state', text: 'Waiting' });
        const row = h('div', { class: 'upload', 'data-file': file.name }, h('div', { class: 'name', title: prefix + file.name, text: prefix + file.name }), h('div', { class: 'bar' }, bar), stateText);
        uploads.append(row);
        uploadOne(file, (loaded, total) => {
          const percent = total ? Math.round((loaded / total) * 100) : 100;
          bar.style.width = `${percent}%`;
          stateText.textContent = `${percent}%`;
        }).then(() => {
          row.classList.add('done');
          bar.style.width = '100%';
          stateText.textContent = 'Uploaded';
        }).catch(e => {
          row.classList.add('failed');
          stateText.textContent = 'Failed';
          row.title = messageOf(e);
          toast(`${file.name}: ${messageOf(e)}`, 'error');
        }).finally(() => {
          if (--pending === 0) load();
        });
      }
    }

    async function uploadOne(file, progress) {
      const signed = await presign({ operation: 'PutObject', bucket: bucket.name, key: prefix + file.name });
      await new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open(signed.method, signed.url);
        xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
        xhr.upload.addEventListener('progress', e => progress(e.loaded, e.lengthComputable ? e.total : file.size));
        xhr.addEventListener('load', () => {
          if (xhr.status >= 200 && xhr.status < 300) { progress(file.size, file.size); resolve(); return; }
          const doc = new DOMParser().parseFromString(xhr.responseText || '<x/>', 'application/xml');
          const message = doc.querySelector('Message');
          reject(new ApiError(message ? message.textContent : `S3 answered ${xhr.status}.`, xhr.status));
        });
        xhr.addEventListener('error', () => reject(new ApiError('The upload was interrupted.', 0)));
        xhr.send(file);
      });
    }

    await load();
  }

  function newFolderDialog(bucket, prefix) {
    const name = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'reports' });
    const error = h('p', { class: 'form-error', role: 'alert' });
    const create = button('Create folder', async () => {
      const folder = name.value.trim().replace(/^\/+|\/+$/g, '');
      if (!folder) { error.textContent = 'Name the folder.'; return; }
      create.disabled = true;
      try {
        await s3({ operation: 'PutObject', bucket: bucket.name, key: `${prefix}${folder}/` }, { body: new Blob([]) });
        el.close();
        location.hash = bucketHref(bucket.name, 'objects', `${prefix}${folder}/`);
      } catch (e) {
        error.textContent = messageOf(e);
        create.disabled = false;
      }
    }, { kind: 'primary' });
    const el = dialog({
      title: 'New folder',
      description: 'A folder is an empty object whose key ends with a slash; it holds what you upload into it.',
      body: [h('label', { class: 'field' }, h('span', { text: 'Folder name' }), name), error],
      actions: [button('Cancel', () => el.close()), create],
    });
    name.focus();
  }

  // ---------------------------------------------------------------- access keys

  function keysTable(keys, showBucket, onchange) {
    if (keys.length === 0) return emptyState('No access keys', 'An access key lets a program read and write one bucket over S3.');
    return h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'keys' },
      h('thead', null, h('tr', null, h('th', { text: 'Access key ID' }), showBucket ? h('th', { text: 'Bucket' }) : null, h('th', { text: 'Status' }),
        h('th', { text: 'Created' }), h('th', { text: 'Last used' }), h('th', { class: 'num', text: 'Actions' }))),
      h('tbody', null, keys.map(k => {
        const used = k.lastUsed && k.lastUsed.lastUsedDate;
        return h('tr', { 'data-key-id': k.accessKeyId },
          h('td', { class: 'mono', text: k.accessKeyId }),
          showBucket ? h('td', null, h('a', { href: bucketHref(k.bucketName, 'keys') }, k.bucketName)) : null,
          h('td', null, k.status === 'Active' ? badge('Active', 'green', true) : badge(k.status, 'amber', true)),
          h('td', null, timeCell(k.createdAt)),
          h('td', null, used ? [timeCell(used), h('span', { class: 'sub', text: `${k.lastUsed.serviceName} · ${k.lastUsed.region}` })] : h('span', { class: 'muted', text: 'Never used' })),
          h('td', { class: 'actions' }, button('Delete', () => confirmAction({
            title: 'Delete access key?',
            message: h('span', null, 'The key ', h('code', { text: k.accessKeyId }), ` stops working at once for bucket ${k.bucketName}. Programs that use it will be refused.`),
            confirmLabel: 'Delete key',
            action: async () => {
              await lightsail('DeleteBucketAccessKey', { bucketName: k.bucketName, accessKeyId: k.accessKeyId });
              toast(`Access key ${k.accessKeyId} deleted.`);
              onchange();
            },
          }), { kind: 'ghost small danger-text', iconName: 'trash', testid: 'delete-key' })));
      }))));
  }

  async function keysOf(bucketName) {
    const result = await lightsail('GetBucketAccessKeys', { bucketName });
    return (result.accessKeys || []).map(k => ({ ...k, bucketName }));
  }

  async function keysPage(stillCurrent) {
    const view = shell('keys', [{ label: 'Access keys' }]);
    const buckets = await allBuckets();
    if (!stillCurrent()) return;
    pageHead(view, 'Access keys', 'Each key reads and writes one bucket over S3. A bucket holds at most two keys.',
      [button('Create access key', () => createKeyDialog(buckets, null, render), { kind: 'primary', iconName: 'plus', testid: 'create-key', disabled: buckets.length === 0 })]);
    const card = h('div', { class: 'card' }, loading());
    view.append(card);
    const keys = (await Promise.all(buckets.map(b => keysOf(b.name)))).flat();
    if (!stillCurrent()) return;
    card.replaceChildren(buckets.length === 0
      ? emptyState('No buckets yet', 'Create a bucket first; its access keys are made for it.', h('a', { class: 'btn primary', href: '#/buckets' }, 'Go to buckets'))
      : keysTable(keys, true, render));
  }

  async function bucketKeys(body, bucket, stillCurrent) {
    const card = h('div', { class: 'card' });
    body.append(card);
    async function load() {
      card.replaceChildren(loading());
      const keys = await keysOf(bucket.name);
      if (!stillCurrent()) return;
      card.replaceChildren(
        h('div', { class: 'card-head' }, h('div', null, h('h2', { text: 'Access keys' }), h('p', { text: `${keys.length} of 2 keys. A key reads and writes this bucket only.` })),
          button('Create access key', () => createKeyDialog([bucket], bucket.name, load), { kind: 'primary small', iconName: 'plus', testid: 'create-key', disabled: keys.length >= 2 })),
        keysTable(keys, false, load));
    }
    await load();
  }

  function createKeyDialog(buckets, fixedBucket, onchange) {
    const select = h('select', { 'data-testid': 'key-bucket' }, buckets.map(b => h('option', { value: b.name, selected: b.name === fixedBucket }, b.name)));
    const error = h('p', { class: 'form-error', role: 'alert' });
    const create = button('Create key', async () => {
      create.disabled = true;
      error.textContent = '';
      try {
        const result = await lightsail('CreateBucketAccessKey', { bucketName: select.value });
        el.close();
        showSecret(select.value, result.accessKey, onchange);
      } catch (e) {
        error.textContent = messageOf(e);
        create.disabled = false;
      }
    }, { kind: 'primary', testid: 'create-key-submit' });
    const el = dialog({
      title: 'Create access key',
      description: 'The new key can read and write the bucket over S3, and nothing else.',
      testid: 'create-key-dialog',
      body: [h('label', { class: 'field' }, h('span', { text: 'Bucket' }), select), error],
      actions: [button('Cancel', () => el.close()), create],
    });
  }

  function showSecret(bucketName, key, onclose) {
    const field = (label, value, testid) => {
      const input = h('input', { type: 'text', readonly: true, value, 'data-testid': testid, 'aria-label': label });
      const copy = button('Copy', () => copyText(value, copy), { kind: 'small', iconName: 'copy', testid: `copy-${testid}` });
      input.addEventListener('focus', () => input.select());
      return [h('div', { class: 'secret-label', text: label }), h('div', { class: 'secret-field' }, input, copy)];
    };
    const el = dialog({
      title: 'Access key created',
      description: `For bucket ${bucketName}.`,
      testid: 'secret-dialog',
      wide: true,
      onclose,
      body: [
        callout('warning', 'This is the only time the secret access key is shown. Copy it now and keep it somewhere safe; if it is lost, create a new key.'),
        field('Access key ID', key.accessKeyId, 'access-key-id'),
        field('Secret access key', key.secretAccessKey, 'secret-access-key'),
      ],
      actions: [button('Done', () => el.close(), { kind: 'primary', testid: 'secret-done' })],
    });
  }

  // ---------------------------------------------------------------- operations

  function operationsTable(operations, showResource = true) {
    if (operations.length === 0) return emptyState('No operations yet', 'Every change to a bucket or key is recorded here.');
    return h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'operations' },
      h('thead', null, h('tr', null, h('th', { text: 'When' }), h('th', { text: 'Operation' }), showResource ? h('th', { text: 'Resource' }) : null,
        h('th', { text: 'Status' }), h('th', { text: 'Details' }))),
      h('tbody', null, operations.map(o => h('tr', null,
        h('td', null, timeCell(o.createdAt), h('span', { class: 'sub', text: dateTime(o.createdAt) })),
        h('td', { text: o.operationType }),
        showResource ? h('td', null, h('a', { href: bucketHref(o.resourceName, 'overview') }, o.resourceName), h('span', { class: 'sub', text: o.location.regionName })) : null,
        h('td', null, o.status === 'Succeeded' || o.status === 'Completed' ? badge(o.status, 'green', true) : o.status === 'Failed' ? badge(o.status, 'red', true) : badge(o.status, 'blue', true)),
        h('td', { class: 'muted', text: o.errorDetails || o.operationDetails || '—' }))))));
  }

  async function operationsPage(stillCurrent) {
    const view = shell('operations', [{ label: 'Operations' }]);
    pageHead(view, 'Operations', `Changes made to buckets and keys in ${state.region}, newest first.`);
    const card = h('div', { class: 'card' }, loading());
    view.append(card);
    const operations = [];
    async function load(pageToken) {
      const page = await lightsail('GetOperations', pageToken ? { pageToken } : {});
      if (!stillCurrent()) return;
      operations.push(...(page.operations || []));
      const more = page.nextPageToken ? h('div', { class: 'table-foot' }, button('Load more', () => load(page.nextPageToken).catch(e => toast(messageOf(e), 'error')), { kind: 'small' })) : null;
      fill(card, operationsTable(operations), more);
    }
    await load();
  }

  // ---------------------------------------------------------------- settings

  async function bucketSettings(body, bucket) {
    const allBundles = await bundles();
    const save = async (what, input) => {
      await lightsail('UpdateBucket', { bucketName: bucket.name, ...input });
      toast(`${what} saved.`);
      render();
    };
    const errorLine = () => h('p', { class: 'form-error', role: 'alert' });

    // Access rules
    const accessError = errorLine();
    const radio = (value, title, text) => h('label', { class: 'radio-card' },
      h('input', { type: 'radio', name: 'getObject', value, checked: bucket.accessRules.getObject === value }), h('div', null, h('strong', { text: title }), h('small', { text })));
    const access = h('div', { class: 'radio-group' },
      radio('private', 'Private', 'Only requests signed with the account key or a key of this bucket read objects.'),
      radio('public', 'Public', 'Anyone who knows an object\'s URL can read it.'));
    const overrides = h('input', { type: 'checkbox', checked: !!bucket.accessRules.allowPublicOverrides });
    body.append(settingsCard('Access', 'Who can read the objects of this bucket.', [
      access,
      h('label', { class: 'check' }, overrides, h('div', null, 'Allow objects to be made public one by one', h('small', { text: 'An object uploaded with the public-read ACL is readable by anyone even in a private bucket.' }))),
      accessError,
    ], button('Save access', async () => {
      accessError.textContent = '';
      const getObject = access.querySelector('input:checked').value;
      try { await save('Access', { accessRules: { getObject, allowPublicOverrides: overrides.checked } }); } catch (e) { accessError.textContent = messageOf(e); }
    }, { kind: 'primary', testid: 'save-access' })));

    // Versioning
    const versioningError = errorLine();
    const enabled = bucket.objectVersioning === 'Enabled';
    body.append(settingsCard('Object versioning', enabled
      ? 'Versioning is on: every version of an object is kept.'
      : bucket.objectVersioning === 'Suspended' ? 'Versioning is suspended: existing versions are kept, new writes replace the latest.' : 'Versioning has never been enabled.',
    [versioningError], button(enabled ? 'Suspend versioning' : 'Enable versioning', async () => {
      versioningError.textContent = '';
      try { await save('Versioning', { versioning: enabled ? 'Suspended' : 'Enabled' }); } catch (e) { versioningError.textContent = messageOf(e); }
    }, { kind: enabled ? '' : 'primary', testid: 'toggle-versioning' })));

    // Bundle
    const bundleError = errorLine();
    const bundleSelect = h('select', null, allBundles.map(b => h('option', { value: b.bundleId, selected: b.bundleId === bucket.bundleId },
      `${b.name} — ${b.storagePerMonthInGb} GB storage, ${b.transferPerMonthInGb} GB transfer, $${b.price}/month`)));
    body.append(settingsCard('Bundle', bucket.ableToUpdateBundle ? 'The bundle can be changed once a month.' : 'The bundle was changed this month; it can be changed again next month.',
      [h('label', { class: 'field' }, h('span', { text: 'Bundle' }), bundleSelect), bundleError],
      button('Change bundle', async () => {
        bundleError.textContent = '';
        try {
          await lightsail('UpdateBucketBundle', { bucketName: bucket.name, bundleId: bundleSelect.value });
          state.bundles = null;
          toast('Bundle changed.');
          render();
        } catch (e) { bundleError.textContent = messageOf(e); }
      }, { disabled: !bucket.ableToUpdateBundle })));

    // CORS
    const corsError = errorLine();
    const rules = (bucket.cors && bucket.cors.rules) || [];
    const editor = h('textarea', { spellcheck: 'false', 'aria-label': 'CORS rules as JSON' });
    editor.value = JSON.stringify(rules.length ? rules : [{ allowedMethods: ['GET'], allowedOrigins: ['https://example.com'], allowedHeaders: ['*'], maxAgeSeconds: 3000 }], null, 2);
    const corsTable = rules.length === 0 ? h('p', { class: 'muted', text: 'No rules: browsers on other origins cannot read this bucket\'s objects.' })
      : h('div', { class: 'table-wrap' }, h('table', null,
        h('thead', null, h('tr', null, h('th', { text: 'Methods' }), h('th', { text: 'Origins' }), h('th', { text: 'Headers' }), h('th', { class: 'num', text: 'Max age' }))),
        h('tbody', null, rules.map(r => h('tr', null, h('td', { text: (r.allowedMethods || []).join(', ') }), h('td', { text: (r.allowedOrigins || []).join(', ') }),
          h('td', { text: (r.allowedHeaders || []).join(', ') || '—' }), h('td', { class: 'num', text: r.maxAgeSeconds ? `${r.maxAgeSeconds} s` : '—' }))))));
    body.append(settingsCard('CORS', 'Which web origins may use this bucket\'s objects from a browser.', [
      corsTable,
      h('label', { class: 'field' }, h('span', { text: 'Rules (JSON)' }), editor, h('small', { text: 'A list of rules: allowedMethods, allowedOrigins, allowedHeaders, exposeHeaders, maxAgeSeconds. An empty list removes every rule.' })),
      corsError,
    ], button('Save CORS', async () => {
      corsError.textContent = '';
      let parsed;
      try { parsed = JSON.parse(editor.value); } catch (e) { corsError.textContent = `That is not valid JSON: ${e.message}`; return; }
      if (!Array.isArray(parsed)) { corsError.textContent = 'The rules must be a JSON list.'; return; }
      try { await save('CORS', { cors: { rules: parsed } }); } catch (e) { corsError.textContent = messageOf(e); }
    }, { kind: 'primary' })));

    body.append(h('div', { class: 'card danger-zone' },
      h('div', { class: 'card-head' }, h('h2', { text: 'Danger zone' })),
      h('div', { class: 'card-body danger-row' },
        h('div', null, h('strong', { text: 'Delete this bucket' }), h('p', { text: 'The bucket, and if you choose its objects and keys, are deleted for good.' })),
        button('Delete bucket', () => deleteBucketDialog(bucket), { kind: 'danger', iconName: 'trash' }))));
  }

  function settingsCard(title, description, content, action) {
    return h('div', { class: 'card' },
      h('div', { class: 'card-head' }, h('div', null, h('h2', { text: title }), h('p', { text: description }))),
      h('div', { class: 'card-body' }, content, h('div', { class: 'form-actions' }, action)));
  }

  // ---------------------------------------------------------------- server

  async function serverPage(stillCurrent) {
    const view = shell('server', [{ label: 'Server' }]);
    const session = state.session;
    pageHead(view, 'Server', 'This LocalSail server: its health, how to connect to it, and its store.');
    const healthBody = h('div', { class: 'card-body' }, loading());
    const endpoint = session.endpoint;
    const snippet = [
      `export AWS_ACCESS_KEY_ID=${session.accessKeyId}`,
      session.developmentCredentials ? 'export AWS_SECRET_ACCESS_KEY=localsail/development/secret/key/0000000' : 'export AWS_SECRET_ACCESS_KEY=<the account\'s secret>',
      `export AWS_REGION=${state.region}`,
      `aws lightsail get-buckets --endpoint-url ${endpoint}`,
    ].join('\n');
    view.append(h('div', { class: 'grid two' },
      h('div', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', { text: 'Health' }), h('a', { href: `${BASE}/health`, target: '_blank', rel: 'noopener' }, 'JSON')), healthBody),
      h('div', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', { text: 'Connection' })), h('div', { class: 'card-body' }, h('dl', { class: 'props' },
        h('dt', { text: 'Endpoint' }), h('dd', { class: 'mono', text: endpoint }),
        h('dt', { text: 'Account' }), h('dd', { class: 'mono', text: session.accountId }),
        h('dt', { text: 'Root access key' }), h('dd', { class: 'mono', text: session.accessKeyId }),
        h('dt', { text: 'Store' }), h('dd', { text: session.inMemory ? 'In memory (deleted at exit)' : 'On disk' }),
        h('dt', { text: 'Metrics' }), h('dd', null, h('a', { href: `${BASE}/metrics`, target: '_blank', rel: 'noopener', class: 'mono' }, `${BASE}/metrics`)),
        h('dt', { text: 'Version' }), h('dd', { text: session.version }))))));
    view.append(h('div', { class: 'card' }, h('div', { class: 'card-head' }, h('div', null, h('h2', { text: 'Connect with the AWS CLI' }),
      h('p', { text: 'The same endpoint serves the Lightsail API and S3.' }))), h('div', { class: 'card-body' }, h('pre', { class: 'snippet', text: snippet }))));

    if (session.resetAllowed) {
      view.append(h('div', { class: 'card danger-zone' },
        h('div', { class: 'card-head' }, h('h2', { text: 'Danger zone' })),
        h('div', { class: 'card-body danger-row' },
          h('div', null, h('strong', { text: 'Reset the store' }), h('p', { text: 'Deletes every bucket, access key, object and recorded operation of every account and region on this server.' })),
          button('Reset store', () => confirmAction({
            title: 'Reset the whole store?',
            message: 'Every bucket, object, access key and operation on this server is deleted, in every region. This cannot be undone.',
            confirmLabel: 'Reset store',
            typeToConfirm: 'reset',
            action: async () => {
              const response = await fetch(`${BASE}/reset`, { method: 'POST', credentials: 'same-origin', headers: { 'X-LocalSail-Csrf': session.csrfToken } });
              const summary = await readJson(response);
              toast(`Store reset: ${summary.buckets} buckets, ${summary.accessKeys} keys, ${summary.objects} objects and ${summary.operations} operations removed.`);
              render();
            },
          }), { kind: 'danger', testid: 'reset' }))));
    }

    try {
      const response = await fetch(`${BASE}/health`, { credentials: 'same-origin' });
      const report = await response.json();
      if (!stillCurrent()) return;
      healthBody.replaceChildren(h('div', { class: 'health-list' },
        h('div', { class: 'health-row' }, h('strong', { text: 'Status' }), report.status === 'ready' ? badge('Ready', 'green', true) : badge(report.status, 'red', true)),
        (report.checks || []).map(c => h('div', { class: 'health-row' }, h('div', null, c.name[0].toUpperCase() + c.name.slice(1), c.detail ? h('span', { class: 'sub', text: c.detail }) : null),
          c.status === 'ok' ? badge('OK', 'green') : badge('Failing', 'red'))),
        h('div', { class: 'health-row' }, h('span', { text: 'Up for' }), h('span', { class: 'muted', text: duration(report.uptimeSeconds) }))));
    } catch (e) {
      healthBody.replaceChildren(callout('error', 'The health check could not be read.'));
    }
  }

  function duration(seconds) {
    if (seconds < 60) return `${Math.round(seconds)} seconds`;
    if (seconds < 3600) return `${Math.round(seconds / 60)} minutes`;
    if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} hours`;
    return `${(seconds / 86400).toFixed(1)} days`;
  }

  // ---------------------------------------------------------------- session

  function loginPage(message) {
    const key = h('input', { type: 'text', name: 'accessKeyId', autocomplete: 'username', spellcheck: 'false', 'data-testid': 'login-key' });
    const secret = h('input', { type: 'password', name: 'secretAccessKey', autocomplete: 'current-password', 'data-testid': 'login-secret' });
    const error = h('div', { 'data-testid': 'login-error' }, message ? callout('info', message) : null);
    const submit = h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'login-submit' }, 'Sign in');
    const form = h('form', { novalidate: true },
      h('label', { class: 'field' }, h('span', { text: 'Access key ID' }), key),
      h('label', { class: 'field' }, h('span', { text: 'Secret access key' }), secret),
      error,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      error.replaceChildren();
      if (!key.value.trim() || !secret.value) { error.replaceChildren(callout('error', 'Enter the account\'s access key ID and secret access key.')); return; }
      submit.disabled = true;
      try {
        state.session = await post('/login', { accessKeyId: key.value.trim(), secretAccessKey: secret.value });
        secret.value = '';
        render();
      } catch (err) {
        error.replaceChildren(callout('error', messageOf(err)));
        submit.disabled = false;
      }
    });
    root.replaceChildren(h('div', { class: 'login' }, h('div', { class: 'card' },
      h('div', { class: 'brand' }, h('img', { src: `${BASE}/console/assets/logo.svg`, alt: '' }), h('div', null, 'LocalSail')),
      h('p', { class: 'lead', text: 'Sign in with the account\'s root access key to manage buckets, keys and objects.' }),
      form)));
    key.focus();
  }

  function sessionLost() {
    if (state.session) state.session = { ...state.session, authenticated: false, csrfToken: null };
    loginPage('Your session has ended. Sign in again.');
  }

  async function signOut() {
    try { await post('/logout', {}); } catch { /* signed out either way */ }
    state.session = { ...state.session, authenticated: false, csrfToken: null };
    loginPage('You are signed out.');
  }

  async function start() {
    try {
      const response = await fetch(`${API}/session`, { credentials: 'same-origin' });
      state.session = await readJson(response);
    } catch (e) {
      root.replaceChildren(h('div', { class: 'boot' }, callout('error', `The console could not start: ${messageOf(e)}`)));
      return;
    }
    const saved = localStorage.getItem('localsail.region');
    state.region = REGIONS.includes(saved) ? saved : state.session.region;
    if (!REGIONS.includes(state.region)) REGIONS.unshift(state.region);
    window.addEventListener('hashchange', render);
    render();
  }

  start();
})();
