// The review page. Served by sarpack itself; talks only to the server that served it. Record text
// is only ever put into the page as text nodes (never as HTML), so nothing in a record can run.
'use strict';

const token = document.querySelector('meta[name="sarpack-token"]').content;
let reviewer = '';            // asked once per visit
let caseView = null;
let current = null;           // the open record's id
let recorded = 0;             // decisions made since the last rebuild

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, body) {
  const options = { headers: { 'X-Sarpack-Token': token } };
  if (body !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
  if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
  return data;
}

function toast(message, isError) {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = isError ? 'show error' : 'show';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.className = ''; }, 6000);
}

const labels = {
  'disclosed': 'Disclosed', 'disclosed-redacted': 'Disclosed, redacted', 'withheld': 'Withheld',
  'referred': 'Referred', 'pending-review': 'Pending review', 'excluded': 'Excluded',
};

function badge(disposition) {
  return el('span', { class: `badge ${disposition}` }, labels[disposition] || disposition);
}

// ---------------------------------------------------------------------------------------------
// The request at a glance
// ---------------------------------------------------------------------------------------------

function renderGlance() {
  const view = caseView;
  const days = view.days_left;
  const deadline = days < 0 ? `${-days} day(s) overdue` : days === 0 ? 'due today' : `${days} day(s) left`;
  const counts = view.counts || {};
  const countItems = [
    ['disclosed', counts.disclosed], ['disclosed-redacted', counts.redacted],
    ['withheld', counts.withheld], ['referred', counts.referred],
    ['pending-review', counts.pending_review], ['excluded', counts.excluded],
  ];
  const blockers = view.blockers.length === 0
    ? el('p', { class: 'clear' }, 'Nothing blocks sending.')
    : el('ul', { class: 'blockers' }, view.blockers.map((blocker) =>
      el('li', {}, blocker.what, blocker.items.length ? ': ' : '',
        blocker.items.map((item, index) => [index ? ', ' : '',
          el('a', { href: `#${item}`, onclick: (event) => { event.preventDefault(); openRecord(item); } }, item)]))));
  const glance = document.getElementById('glance');
  glance.replaceChildren(
    el('div', { class: 'title' },
      el('h1', {}, view.reference, el('span', { class: 'requester' }, ` — ${view.requester}`)),
      el('p', { class: 'sub' }, `${view.organisation} · ${view.kind}`,
        view.version ? ` · version ${view.version}` : '')),
    el('div', { class: `deadline ${days < 0 ? 'overdue' : days <= 5 ? 'soon' : ''}` },
      el('strong', {}, deadline), el('span', {}, `due ${view.due}`)),
    el('div', { class: 'counts', role: 'list', 'aria-label': 'Items by disposition' },
      countItems.map(([key, count]) => el('span', { class: `count ${key}`, role: 'listitem' },
        el('strong', {}, String(count ?? 0)), ` ${labels[key]}`)),
      el('span', { class: 'count pages', role: 'listitem' }, el('strong', {}, String(view.pages)), ' pages'),
      el('span', { class: 'count', role: 'listitem' }, el('strong', {}, String(view.redactions)), ' redactions')),
    el('section', { class: 'blocking', 'aria-label': 'What still blocks sending' },
      el('h2', {}, 'What still blocks sending'), blockers),
    el('div', { class: 'actions' },
      el('button', { id: 'rebuild', class: 'primary', onclick: rebuild },
        'Rebuild', recorded ? ` (${recorded} new decision${recorded > 1 ? 's' : ''})` : ''),
      el('button', { id: 'sent', onclick: markSent, disabled: view.pack ? null : true }, 'Mark as sent'),
      el('button', { id: 'other', onclick: otherDecisions }, 'Consent, agency answer, redact text…'),
      el('span', { class: 'decisions' }, `${view.decisions.length} decision(s) in `,
        el('code', {}, view.decisions_file))),
    el('div', { id: 'progress', hidden: true }));
}

// ---------------------------------------------------------------------------------------------
// The list of records
// ---------------------------------------------------------------------------------------------

function renderList() {
  const attention = caseView.records.filter((record) => record.attention.length);
  const others = caseView.records.filter((record) => !record.attention.length);
  const entry = (record) => el('li', {},
    el('button', {
      class: `record-link ${record.item === current ? 'current' : ''}`,
      'data-record': record.item,
      'aria-current': record.item === current ? 'true' : null,
      onclick: () => openRecord(record.item),
    },
    el('span', { class: 'line' }, el('span', { class: 'date' }, record.date || 'no date'), badge(record.disposition)),
    el('span', { class: 'name' }, record.title || record.source),
    record.attention.length ? el('span', { class: 'why' }, record.attention.join('; ')) : null));
  // Keep the keyboard where it was when the list is drawn again.
  const focused = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.record : undefined;
  document.getElementById('records').replaceChildren(
    el('h2', {}, `Needs your attention (${attention.length})`),
    el('ul', {}, attention.map(entry)),
    el('h2', {}, `Other records, in date order (${others.length})`),
    el('ul', {}, others.map(entry)));
  if (focused) {
    const button = document.querySelector(`.record-link[data-record="${CSS.escape(focused)}"]`);
    if (button) button.focus();
  }
}

function moveInList(step) {
  const buttons = [...document.querySelectorAll('.record-link')];
  if (!buttons.length) return;
  let index = buttons.findIndex((button) => button.dataset.record === current);
  index = Math.min(buttons.length - 1, Math.max(0, index + step));
  const id = buttons[index].dataset.record;
  // The list is drawn again when a record opens: focus the new button for the same record.
  openRecord(id).then(() => {
    const button = document.querySelector(`.record-link[data-record="${CSS.escape(id)}"]`);
    if (button) button.focus();
  });
}

// ---------------------------------------------------------------------------------------------
// One record
// ---------------------------------------------------------------------------------------------

function textWithFindings(record) {
  const body = el('div', { class: 'text', 'aria-label': 'Record text' });
  let page = 1;
  if (record.segments.length && record.format === 'pdf') body.append(el('p', { class: 'page-break' }, 'Page 1'));
  for (const segment of record.segments) {
    const parts = segment.text.split('\f');
    parts.forEach((part, index) => {
      if (index > 0) { page += 1; body.append(el('p', { class: 'page-break' }, `Page ${page}`)); }
      if (segment.finding === undefined) { body.append(part); return; }
      const finding = record.findings[segment.finding];
      body.append(el('mark', {
        class: finding.state, 'data-finding': segment.finding,
        title: `${finding.state.replace('-', ' ')} · ${finding.rule}${finding.why ? ` · ${finding.why}` : ''}`,
      }, part, finding.code ? el('span', { class: 'code' }, finding.code) : null));
    });
  }
  return body;
}

function findingRow(record, finding) {
  const decide = (action, scope) => () => ask({
    action, text: finding.text, item: scope === 'here' ? record.item : undefined,
  }, `${action === 'keep' ? 'Keep' : 'Redact'} “${finding.text}” ${scope === 'here' ? `in ${record.item}` : 'in every record'}`);
  return el('tr', { class: finding.state },
    el('td', {}, el('mark', { class: finding.state }, finding.text)),
    el('td', {}, finding.state.replace('-', ' ')),
    el('td', {}, el('code', {}, finding.rule), finding.why ? el('div', { class: 'small' }, finding.why) : null),
    el('td', {}, el('div', { class: 'row-actions' },
      el('button', { 'data-act': 'keep', 'data-text': finding.text, onclick: decide('keep', 'here') }, 'Keep'),
      el('button', { 'data-act': 'redact-here', 'data-text': finding.text, onclick: decide('redact', 'here') }, 'Redact here'),
      el('button', { 'data-act': 'redact-everywhere', 'data-text': finding.text, onclick: decide('redact', 'everywhere') }, 'Redact everywhere'))));
}

// ---------------------------------------------------------------------------------------------
// Pages as pictures, with the proposed boxes; drawing an area to redact
// ---------------------------------------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// A shown point (u, v: points from the page's top left, as the picture is laid out) in PDF
// points, origin bottom left, through the page's map [a, b, c, d, e, f] that sarpack sends.
function toPdf(map, u, v) {
  const [a, b, c, d, e, f] = map;
  return [a * u + c * v + e, b * u + d * v + f];
}

function fromPdf(map, x, y) {
  const [a, b, c, d, e, f] = map;
  const det = a * d - b * c;
  const dx = x - e; const dy = y - f;
  return [(d * dx - c * dy) / det, (a * dy - b * dx) / det];
}

// Two shown corners as a PDF box [x0, y0, x1, y1] with x0 < x1 and y0 < y1, to a tenth of a point.
function shownToBox(map, u0, v0, u1, v1) {
  const [xa, ya] = toPdf(map, u0, v0);
  const [xb, yb] = toPdf(map, u1, v1);
  const tenth = (value) => Math.round(value * 10) / 10;
  return [tenth(Math.min(xa, xb)), tenth(Math.min(ya, yb)), tenth(Math.max(xa, xb)), tenth(Math.max(ya, yb))];
}

function boxToShown(map, box) {
  const [ua, va] = fromPdf(map, box[0], box[1]);
  const [ub, vb] = fromPdf(map, box[2], box[3]);
  return [Math.min(ua, ub), Math.min(va, vb), Math.max(ua, ub), Math.max(va, vb)];
}

function pageUrl(record, copy, page) {
  return `/api/page?item=${encodeURIComponent(record.item)}&page=${page}&copy=${copy}&token=${token}`;
}

function pageFigure(record, copy, page) {
  const title = record.title || record.source;
  const overlay = svg('svg', {
    class: 'overlay', viewBox: `0 0 ${page.width} ${page.height}`, 'data-page': page.page,
    role: 'img', 'aria-label': `Page ${page.page}: ${page.boxes.length} proposed box(es)`,
  });
  for (const shown of page.boxes) {
    const finding = record.findings[shown.finding];
    const [left, top, right, bottom] = shown.rect;
    const label = finding.code || (finding.state === 'unsure-kept' ? '?' : '');
    const size = Math.max(5, Math.min(8, (bottom - top) * 0.6));
    overlay.append(svg('g', { class: `box ${finding.state}`, 'data-finding': shown.finding },
      svg('title', {}, `${finding.text} · ${finding.state.replace('-', ' ')} · ${finding.rule}`),
      svg('rect', { x: left, y: top, width: right - left, height: bottom - top }),
      label ? svg('rect', { class: 'label-back', x: left, y: top - size - 1, width: size * 0.7 * label.length + 2, height: size + 1 }) : '',
      label ? svg('text', { x: left + 1, y: top - 1.5, 'font-size': size }, label) : ''));
  }
  for (const [left, top, right, bottom] of page.areas || []) {
    overlay.append(svg('g', { class: 'box area' },
      svg('title', {}, 'An area a person asked to redact (a redact-area decision)'),
      svg('rect', { x: left, y: top, width: right - left, height: bottom - top }),
      svg('rect', { class: 'label-back', x: left, y: top, width: 20, height: 8 }),
      svg('text', { x: left + 1, y: top + 6.5, 'font-size': 6.5 }, 'area')));
  }
  const alt = copy === 'original'
    ? `Page ${page.page} of ${title} as it was given to us, with the proposed boxes drawn over it`
    : `Page ${page.page} of ${title} as it is in the pack, redacted`;
  const view = el('div', { class: 'page-view' },
    el('img', { src: pageUrl(record, copy, page.page), alt, loading: 'lazy', decoding: 'async' }),
    overlay);
  // Through the CSS object model: the page's security policy refuses inline style attributes.
  view.style.aspectRatio = `${page.width} / ${page.height}`;
  return el('figure', { class: 'page', 'data-copy': copy, 'data-page': page.page },
    view,
    el('figcaption', {}, `Page ${page.page}`, copy === 'original' ? ` · ${page.boxes.length} proposed box(es)` : ''));
}

// Dragging on an original page draws an area; the four fields hold it in PDF points, so the
// keyboard can type one in or correct a drawn one.
function areaTools(record, pages, copy) {
  const field = (name, label) => el('div', { class: 'field' },
    el('label', { for: `area-${name}` }, label),
    el('input', { id: `area-${name}`, type: 'number', step: '0.1', inputmode: 'decimal', 'data-area': name }));
  const pageSelect = el('select', { id: 'area-page' }, pages.map((page) => el('option', { value: page.page }, `Page ${page.page}`)));
  const tools = el('fieldset', { class: 'area-tools', 'aria-describedby': 'area-help' },
    el('legend', {}, 'Redact an area of a page'),
    el('p', { id: 'area-help', class: 'small' },
      'Drag over a page above, or type the corners: points from the bottom-left corner of the page as shown (72 points to an inch). ',
      copy === 'original'
        ? 'The next rebuild removes everything in the area.'
        : 'The area is on the page as the pack typesets it: the next rebuild removes everything in it. If a later decision changes the record’s words, lines may move: check the area in the new version.'),
    el('div', { class: 'area-fields' },
      el('div', { class: 'field' }, el('label', { for: 'area-page' }, 'Page'), pageSelect),
      field('x0', 'Left (x0)'), field('y0', 'Bottom (y0)'), field('x1', 'Right (x1)'), field('y1', 'Top (y1)')),
    el('button', { type: 'button', 'data-act': 'redact-area', onclick: () => askArea(record) }, 'Redact this area…'));
  tools.addEventListener('input', () => showDrawn(record));
  return tools;
}

function areaValue() {
  const page = Number(value('area-page'));
  const box = ['x0', 'y0', 'x1', 'y1'].map((name) => Number.parseFloat(value(`area-${name}`)));
  return { page, box };
}

// Areas are drawn on an original PDF's pages, or, for a record sarpack typesets, on its pages
// as the pack shows them (where the pipeline applies them).
function drawingCopy(record) { return record.images.original.length ? 'original' : 'redacted'; }
function currentPages(record) { return record.images[drawingCopy(record)]; }

// Draws the area in the fields over its page (and nowhere else).
function showDrawn(record) {
  document.querySelectorAll('.overlay .drawn').forEach((node) => node.remove());
  const { page, box } = areaValue();
  if (box.some((number) => !Number.isFinite(number))) return;
  const shown = currentPages(record).find((candidate) => candidate.page === page);
  const overlay = document.querySelector(`figure[data-copy="${drawingCopy(record)}"] .overlay[data-page="${page}"]`);
  if (!shown || !overlay) return;
  const [left, top, right, bottom] = boxToShown(shown.to_pdf, box);
  overlay.append(svg('rect', { class: 'drawn', x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) }));
}

function setArea(record, page, box) {
  document.getElementById('area-page').value = String(page);
  ['x0', 'y0', 'x1', 'y1'].forEach((name, index) => { document.getElementById(`area-${name}`).value = String(box[index]); });
  showDrawn(record);
}

function enableDrawing(record, section) {
  for (const overlay of section.querySelectorAll(`figure[data-copy="${drawingCopy(record)}"] .overlay`)) {
    const page = Number(overlay.dataset.page);
    const shown = currentPages(record).find((candidate) => candidate.page === page);
    let start = null;
    const point = (event) => {
      const matrix = overlay.getScreenCTM().inverse();
      const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
      return [Math.min(Math.max(at.x, 0), shown.width), Math.min(Math.max(at.y, 0), shown.height)];
    };
    overlay.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      overlay.setPointerCapture(event.pointerId);
      start = point(event);
    });
    overlay.addEventListener('pointermove', (event) => {
      if (!start) return;
      const [u, v] = point(event);
      setArea(record, page, shownToBox(shown.to_pdf, start[0], start[1], u, v));
    });
    const finish = (event) => {
      if (!start) return;
      const [u, v] = point(event);
      const box = shownToBox(shown.to_pdf, start[0], start[1], u, v);
      start = null;
      setArea(record, page, box);
      document.body.dataset.drawn = JSON.stringify({ page, box });
    };
    overlay.addEventListener('pointerup', finish);
    overlay.addEventListener('pointercancel', () => { start = null; });
  }
}

function askArea(record) {
  const { page, box } = areaValue();
  if (!page || box.some((number) => !Number.isFinite(number))) {
    toast('Draw the area on a page, or fill in the page and all four corners.', true);
    document.getElementById(Number.isFinite(box[0]) ? 'area-page' : 'area-x0').focus();
    return;
  }
  ask({ action: 'redact-area', item: record.item, page, box },
    `Redact the area [${box.join(', ')}] (PDF points) on page ${page} of ${record.item} (${record.title || record.source})`, 'area');
}

function pageImages(record) {
  const images = record.images;
  const parts = [];
  const copies = [
    ['original', 'The original, with the proposed boxes', images.original, images.original_unavailable],
    ['redacted', 'The redacted copy in the pack', images.redacted, images.redacted_unavailable],
  ];
  for (const [copy, heading, pages, unavailable] of copies) {
    if (!pages.length && !unavailable) continue;
    // The original opens first when there is one; otherwise the copy in the pack.
    const open = copy === 'original' || !images.original.length;
    parts.push(el('details', { class: `copy ${copy}`, open: open ? true : null, 'data-copy': copy },
      el('summary', {}, heading, pages.length ? ` (${pages.length} page${pages.length > 1 ? 's' : ''})` : ''),
      unavailable ? el('p', { class: 'unavailable', role: 'alert' }, unavailable) : null,
      el('div', { class: 'page-list' }, pages.map((page) => pageFigure(record, copy, page)))));
  }
  const drawable = currentPages(record);
  if (drawable.length) parts.push(areaTools(record, drawable, drawingCopy(record)));
  return parts.length ? el('section', { class: 'pages', 'aria-label': 'Pages' }, parts) : null;
}

function renderRecord(record) {
  const section = document.getElementById('record');
  const order = { 'unsure-redacted': 0, 'unsure-kept': 1, redacted: 2 };
  const findings = record.findings.map((finding, index) => ({ ...finding, index }))
    .sort((a, b) => order[a.state] - order[b.state] || a.index - b.index);
  const itemAction = (action, label, extra) => el('button', {
    'data-item-act': action,
    onclick: () => ask({ action, item: record.item }, `${label}: ${record.item} (${record.title})`, extra),
  }, label);
  const addText = el('input', { id: 'add-text', 'aria-label': 'Text to redact', placeholder: 'a word or phrase in this record' });
  const addRedaction = (scope) => () => {
    const text = addText.value.trim();
    if (!text) { toast('Type the text to redact first.', true); addText.focus(); return; }
    ask({ action: 'redact', text, item: scope === 'here' ? record.item : undefined },
      `Redact “${text}” ${scope === 'here' ? `in ${record.item}` : 'in every record'}`);
  };
  section.replaceChildren(...[
    el('div', { class: 'record-head' },
      el('h2', {}, record.title || record.source),
      el('p', { class: 'meta' },
        el('strong', {}, record.item), ` · ${record.date || 'no date'} · ${record.source}`,
        record.record_type ? ` · ${record.record_type}` : '',
        record.author ? ` · by ${record.author}` : '',
        record.agency ? ` · supplied by ${record.agency}` : '',
        record.pages ? ` · pack pages ${record.pages}` : '')),
    el('div', { class: 'disposition' }, badge(record.disposition),
      el('span', {}, ` ${record.reason}`),
      record.code ? el('span', { class: 'small' }, ` (${record.code}: ${record.basis})`) : null),
    record.verifier.length ? el('div', { class: 'verifier', role: 'alert' },
      el('h3', {}, 'Held back: the verifier found'),
      el('ul', {}, record.verifier.map((finding) =>
        el('li', {}, `${finding.file}${finding.page ? ` page ${finding.page}` : ''} (${finding.location}): ${finding.what}`,
          finding.context ? el('div', { class: 'small' }, `in “${finding.context}”`) : null)))) : null,
    record.notes.length ? el('div', { class: 'notes' }, el('h3', {}, 'Notes for the reviewer'),
      el('ul', {}, record.notes.map((note) => el('li', {}, note)))) : null,
    el('div', { class: 'item-actions', role: 'group', 'aria-label': 'Decide about the whole record' },
      itemAction('release', 'Release'),
      itemAction('withhold', 'Withhold…', 'withhold'),
      itemAction('disclose', 'Disclose'),
      record.disposition === 'excluded'
        ? itemAction('about-subject', 'About the subject')
        : itemAction('not-about-subject', 'Not about the subject')),
    pageImages(record),
    record.unreadable
      ? el('p', { class: 'unreadable' }, `sarpack cannot read this file: ${record.unreadable}. Open the original to review it.`)
      : textWithFindings(record),
    findings.length ? el('table', { class: 'findings' },
      el('caption', {}, `Findings (${findings.length}), unsure first`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Text'), el('th', { scope: 'col' }, 'State'),
        el('th', { scope: 'col' }, 'Rule'), el('th', { scope: 'col' }, 'Decide'))),
      el('tbody', {}, findings.map((finding) => findingRow(record, finding)))) : null,
    el('div', { class: 'add-redaction', role: 'group', 'aria-label': 'Redact more text' },
      el('label', { for: 'add-text' }, 'Also redact'), addText,
      el('button', { 'data-act': 'add-here', onclick: addRedaction('here') }, 'Redact here'),
      el('button', { 'data-act': 'add-everywhere', onclick: addRedaction('everywhere') }, 'Redact everywhere')),
  ].filter(Boolean));
  enableDrawing(record, section);
}

async function openRecord(id) {
  try {
    const record = await api(`/api/record?item=${encodeURIComponent(id)}`);
    current = id;
    renderRecord(record);
    renderList();
    history.replaceState(null, '', `?token=${token}#${id}`);
  } catch (error) {
    toast(error.message, true);
  }
}

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

function extraFields(kind) {
  const box = document.getElementById('ask-extra');
  box.replaceChildren();
  const field = (id, label, input) => el('div', { class: 'field' }, el('label', { for: id }, label), input);
  const select = (id, options) => el('select', { id }, options.map(([value, text]) => el('option', { value }, text)));
  if (kind === 'withhold') {
    box.append(
      field('ask-code', 'Exemption code', select('ask-code', caseView.codes.map((code) => [code.code, `${code.code} — ${code.meaning}`]))),
      field('ask-reason', 'Reason shown to the requester (optional; the code\'s meaning otherwise)', el('input', { id: 'ask-reason', maxlength: 500 })));
  } else if (kind === 'other') {
    box.append(
      field('ask-kind', 'Decision', select('ask-kind', [
        ['consent', 'A person consented to disclosure'], ['agency', 'An agency answered'],
        ['redact', 'Redact text in every record']])),
      field('ask-person', 'Person (for consent)', select('ask-person', caseView.people.map((person) => [person.id, `${person.name} (${person.role})`]))),
      field('ask-agency', 'Agency (for an answer)', select('ask-agency', caseView.agencies.map((agency) => [agency, agency]))),
      field('ask-answer', 'Its answer', select('ask-answer', [['disclose', 'Disclose'], ['withhold', 'Withhold']])),
      field('ask-asked', 'Asked on (YYYY-MM-DD)', el('input', { id: 'ask-asked', inputmode: 'numeric', placeholder: 'YYYY-MM-DD' })),
      field('ask-answered', 'Answered on (YYYY-MM-DD)', el('input', { id: 'ask-answered', inputmode: 'numeric', placeholder: 'YYYY-MM-DD', value: caseView.today })),
      field('ask-text', 'Text to redact everywhere', el('input', { id: 'ask-text', maxlength: 500 })));
  } else if (kind === 'area') {
    // Optional, as in the decisions file: left at the default, the policy's third-party code.
    box.append(field('ask-area-code', 'Code on the box', select('ask-area-code',
      [['', 'The third-party code (default)'], ...caseView.codes.map((code) => [code.code, `${code.code} — ${code.meaning}`])])));
  } else if (kind === 'sent') {
    box.append(field('ask-on', 'Sent on (YYYY-MM-DD)', el('input', { id: 'ask-on', value: caseView.today })));
  }
}

function value(id) {
  const node = document.getElementById(id);
  return node ? node.value.trim() : '';
}

let pending = null;

function ask(decision, what, kind) {
  pending = { decision, kind: kind || '' };
  document.getElementById('ask-what').textContent = what;
  document.getElementById('ask-title').textContent = kind === 'sent' ? 'Mark the pack as sent' : 'Record a decision';
  document.getElementById('ask-name-row').hidden = Boolean(reviewer);
  document.getElementById('ask-name').value = reviewer;
  document.getElementById('ask-why').value = '';
  document.getElementById('ask-why').closest('.field').hidden = kind === 'sent';
  document.getElementById('ask-error').textContent = '';
  extraFields(kind);
  const dialog = document.getElementById('ask');
  dialog.showModal();
  (reviewer ? document.querySelector('#ask-extra input, #ask-extra select, #ask-why') : document.getElementById('ask-name')).focus();
}

async function submitDecision(event) {
  event.preventDefault();
  const name = value('ask-name');
  const error = document.getElementById('ask-error');
  if (!name) { error.textContent = 'Give your name: every decision records who made it.'; document.getElementById('ask-name').focus(); return; }
  const { decision, kind } = pending;
  const body = { ...decision, by: name, why: value('ask-why') };
  if (kind !== 'sent' && !body.why) { error.textContent = 'Say why: the reason is kept with the decision.'; document.getElementById('ask-why').focus(); return; }
  if (kind === 'withhold') {
    body.code = value('ask-code');
    if (value('ask-reason')) body.reason = value('ask-reason');
  } else if (kind === 'area') {
    if (value('ask-area-code')) body.code = value('ask-area-code');
  } else if (kind === 'other') {
    body.action = value('ask-kind');
    if (body.action === 'consent') body.person = value('ask-person');
    if (body.action === 'agency') Object.assign(body, { agency: value('ask-agency'), answer: value('ask-answer'), asked: value('ask-asked'), answered: value('ask-answered') });
    if (body.action === 'redact') body.text = value('ask-text');
  }
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  try {
    let message;
    if (kind === 'sent') {
      const result = await api('/api/sent', { by: name, on: value('ask-on') });
      message = result.recorded;
    } else {
      const result = await api('/api/decision', body);
      message = `Recorded: ${result.recorded}`;
      recorded += 1;
    }
    reviewer = name;
    document.getElementById('ask').close();
    document.body.dataset.lastRecorded = message;
    toast(message);
    await loadCase();
  } catch (failure) {
    error.textContent = failure.message;
  }
}

function otherDecisions() {
  ask({}, 'Consent for a person, an agency\'s answer, or text to redact in every record.', 'other');
}

function markSent() {
  ask({}, `Record that version ${caseView.version ?? ''} of ${caseView.reference} went to the requester.`, 'sent');
}

// ---------------------------------------------------------------------------------------------
// Rebuild
// ---------------------------------------------------------------------------------------------

function renderChanges(changes) {
  const list = (items, render) => items.length ? el('ul', {}, items.map(render)) : el('p', {}, 'none');
  const version = (number) => (number ? `version ${number}` : 'the last run');
  const section = document.getElementById('record');
  current = null;
  section.replaceChildren(
    el('div', { class: 'changes', id: 'changes' },
      el('h2', {}, `Rebuilt: ${version(changes.after_version)}, compared with ${version(changes.before_version)}`),
      changes.pack ? el('p', {}, 'Pack: ', el('code', {}, changes.pack))
        : el('p', { class: 'error' }, `No pack: the verifier found ${changes.verifier_findings} problem(s); see the records held back.`),
      el('p', {}, `Pages in the pack: ${changes.pages_before} → ${changes.pages_after}`),
      el('h3', {}, `Items whose pages in the pack changed (${changes.item_pages.length})`),
      list(changes.item_pages, (change) => el('li', {}, `${change.item}: `,
        change.before ? `${change.before} page(s)` : 'not in the pack', ' → ',
        change.after ? `${change.after} page(s)` : 'not in the pack')),
      el('h3', {}, `Items whose outcome changed (${changes.items.length})`),
      list(changes.items, (change) => el('li', {},
        el('a', { href: `#${change.item}`, onclick: (event) => { event.preventDefault(); openRecord(change.item); } }, change.item),
        `: ${change.before} → ${change.after}`)),
      el('h3', {}, `Redactions added (${changes.redactions_added.length})`),
      list(changes.redactions_added, (change) => el('li', {}, `${change.item}: “${change.text}” (${change.code})${change.times > 1 ? ` ×${change.times}` : ''}`)),
      el('h3', {}, `Redactions removed (${changes.redactions_removed.length})`),
      list(changes.redactions_removed, (change) => el('li', {}, `${change.item}: “${change.text}” (${change.code})${change.times > 1 ? ` ×${change.times}` : ''}`))));
  section.focus();
}

async function rebuild() {
  try {
    await api('/api/rebuild', reviewer ? { by: reviewer } : {});
  } catch (error) {
    toast(error.message, true);
    return;
  }
  document.body.dataset.state = 'rebuilding';
  const box = document.getElementById('progress');
  box.hidden = false;
  const bar = el('progress', { max: 1, value: 0, 'aria-label': 'Rebuild progress' });
  const label = el('span', { role: 'status' }, 'Starting…');
  box.replaceChildren(label, bar);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    let status;
    try { status = await api('/api/progress'); } catch (error) { toast(error.message, true); continue; }
    label.textContent = `${status.stage} ${status.total ? `${status.done}/${status.total}` : ''}`;
    document.body.dataset.progress = label.textContent;
    bar.max = status.total || 1;
    bar.value = status.total ? status.done : 0;
    if (status.running) continue;
    if (status.error) {
      toast(`The rebuild failed: ${status.error}`, true);
      document.body.dataset.state = 'ready';
      box.hidden = true;
      return;
    }
    recorded = 0;
    await loadCase();
    renderChanges(status.changes);
    document.body.dataset.state = 'rebuilt';
    toast('Rebuilt: the changes are shown on the right.');
    return;
  }
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

async function loadCase() {
  caseView = await api('/api/case');
  renderGlance();
  renderList();
}

document.addEventListener('keydown', (event) => {
  if (document.getElementById('ask').open) return;
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName);
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'j') { event.preventDefault(); moveInList(1); }
  if (event.key === 'k') { event.preventDefault(); moveInList(-1); }
});

document.getElementById('ask-form').addEventListener('submit', submitDecision);
document.getElementById('ask-cancel').addEventListener('click', () => document.getElementById('ask').close());

loadCase().then(() => {
  document.body.dataset.state = 'ready';
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted) openRecord(wanted);
}).catch((error) => {
  document.getElementById('glance').replaceChildren(el('p', { class: 'error' }, `Cannot load the review: ${error.message}`));
});
