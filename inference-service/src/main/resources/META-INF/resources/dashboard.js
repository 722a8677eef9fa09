// The digit-stream live dashboard: polls the service's JSON endpoints once per poll interval and redraws.
// Charts get one point per closed rolling window (keyed by windowEnd), so repeated polls never duplicate a point.
'use strict';

const POLL_MS = 1000;
const MAX_POINTS = 60;
const COLOURS = { mlp: '#1f77b4', rnn: '#ff7f0e', gru: '#2ca02c', cnn: '#9467bd', ensemble: '#d62728' };
const FALLBACK_COLOURS = ['#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** windowEnd (ISO string) -> { model name -> rolling ModelMetrics } */
const windows = new Map();
const charts = {};

function colourOf(model, index) {
  return COLOURS[model] || FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];
}

function timeLabel(iso) {
  return new Date(iso).toISOString().substring(11, 19);
}

function lineChart(canvasId, yTitle, extraScales) {
  return new Chart(document.getElementById(canvasId), {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      spanGaps: true,
      elements: { point: { radius: 2 }, line: { borderWidth: 2 } },
      scales: Object.assign({ y: { title: { display: true, text: yTitle } } }, extraScales || {}),
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function createCharts() {
  charts.accuracy = lineChart('accuracy-chart', 'accuracy');
  charts.accuracy.options.scales.y.suggestedMax = 1;
  charts.latency = lineChart('latency-chart', 'ms');
  charts.throughput = lineChart('throughput-chart', 'predictions/s',
    { e2e: { position: 'right', title: { display: true, text: 'end-to-end p95 ms' }, grid: { drawOnChartArea: false } } });
}

// A challenger set's series are named challenger:<model> (io.digitstream.inference.metrics.LiveMetricsBoard).
const CHALLENGER = 'challenger:';

function baseName(model) {
  return model.startsWith(CHALLENGER) ? model.substring(CHALLENGER.length) : model;
}

function isChallenger(model) {
  return model.startsWith(CHALLENGER);
}

function modelOrder(names) {
  // Single models alphabetically, the ensemble last: it is the one to compare against; each challenger series right
  // after the champion's of the same model.
  return [...names].sort((a, b) => (baseName(a) === 'ensemble') - (baseName(b) === 'ensemble')
    || baseName(a).localeCompare(baseName(b)) || isChallenger(a) - isChallenger(b));
}

function seriesLabel(model, live) {
  if (!isChallenger(model)) return model;
  const latest = live.models[model] && (live.models[model].rolling || live.models[model].cumulative);
  return baseName(model) + ' (challenger' + (latest && latest.version ? ' ' + latest.version : '') + ')';
}

function recordWindows(live) {
  for (const [model, metrics] of Object.entries(live.models)) {
    const rolling = metrics.rolling;
    if (!rolling) continue;
    if (!windows.has(rolling.windowEnd)) windows.set(rolling.windowEnd, {});
    windows.get(rolling.windowEnd)[model] = rolling;
  }
  const ends = [...windows.keys()].sort();
  for (const stale of ends.slice(0, Math.max(0, ends.length - MAX_POINTS))) windows.delete(stale);
}

function series(model, value) {
  return [...windows.keys()].sort().map(end => {
    const metrics = windows.get(end)[model];
    const v = metrics ? value(metrics) : null;
    return v === undefined ? null : v;
  });
}

function redrawCharts(live) {
  const models = Object.keys(live.models);
  const labels = [...windows.keys()].sort().map(timeLabel);
  // A challenger is drawn dashed in its champion model's colour, so each pair reads at a glance.
  const perModel = (value, withEnsemble) => modelOrder(models)
    .filter(m => withEnsemble || baseName(m) !== 'ensemble')
    .map((m, i) => ({ label: seriesLabel(m, live), data: series(m, value), borderColor: colourOf(baseName(m), i),
      backgroundColor: colourOf(baseName(m), i), borderDash: isChallenger(m) ? [6, 3] : undefined }));

  charts.accuracy.data.labels = labels;
  charts.accuracy.data.datasets = perModel(m => m.accuracy, true);
  charts.latency.data.labels = labels;
  charts.latency.data.datasets = perModel(m => m.inferenceLatencyMs.p95, false);
  charts.throughput.data.labels = labels;
  charts.throughput.data.datasets = [
    { label: 'throughput', data: series('ensemble', m => m.throughputPerSecond), borderColor: '#d62728', backgroundColor: '#d62728' },
    { label: 'end-to-end p95', yAxisID: 'e2e', data: series('ensemble', m => m.endToEndLatencyMs.p95), borderColor: '#555', backgroundColor: '#555', borderDash: [4, 3] },
  ];
  Object.values(charts).forEach(chart => chart.update());
  document.getElementById('chart-note').hidden = labels.length > 0;
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

function formatNumber(value, digits) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

function updateTiles(live, review) {
  const ensemble = live.models.ensemble || {};
  const rolling = ensemble.rolling;
  const cumulative = ensemble.cumulative;
  setText('kpi-throughput', rolling ? formatNumber(rolling.throughputPerSecond, 1) : '–');
  setText('kpi-predicted', cumulative ? String(cumulative.predictedCount) : '–');
  setText('kpi-accuracy', cumulative && cumulative.accuracy !== null ? (100 * cumulative.accuracy).toFixed(2) + ' %' : '–');
  setText('kpi-e2e', rolling ? formatNumber(rolling.endToEndLatencyMs.p95, 1) : '–');
  setText('kpi-review', String(review.totalFlagged));
  const fields = cumulative && cumulative.fields;
  setText('kpi-fields', fields && fields.exactMatch !== null ? (100 * fields.exactMatch).toFixed(1) + ' %' : '–');
  setText('kpi-fields-unit', fields && fields.digitAccuracy !== null
    ? 'of ' + fields.labelledCount + ' labelled fields; ' + (100 * fields.digitAccuracy).toFixed(1) + ' % of digits'
    : 'of labelled form fields, since start');
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function thumbnail(dataUrl, id) {
  if (!dataUrl) return element('div', 'thumb missing', 'no image');
  const img = element('img', 'thumb');
  img.src = dataUrl;
  img.alt = 'scan ' + id;
  return img;
}

function votes(models) {
  const list = element('div', 'votes');
  for (const vote of models) {
    const chip = element('span', 'vote', vote.model + ' ' + vote.digit);
    chip.title = vote.model + ': ' + vote.digit + ' (' + (100 * vote.confidence).toFixed(1) + ' %)';
    list.appendChild(chip);
  }
  return list;
}

function renderRecent(recent) {
  const container = document.getElementById('recent');
  container.replaceChildren(...recent.map(digit => {
    const card = element('div', 'digit-card');
    card.dataset.id = digit.id;
    if (digit.label !== null) card.classList.add(digit.label === digit.digit ? 'right' : 'wrong');
    card.appendChild(thumbnail(digit.thumbnail, digit.id));
    const answer = element('div', 'answer');
    answer.appendChild(element('span', 'predicted-digit', String(digit.digit)));
    answer.appendChild(element('span', 'confidence', (100 * digit.confidence).toFixed(0) + ' %'));
    card.appendChild(answer);
    card.appendChild(element('div', 'label', digit.label === null ? 'label pending' : 'label ' + digit.label));
    card.appendChild(votes(digit.models));
    return card;
  }));
}

/** Each model's reading of a field as chips: its digits, and its least sure digit's confidence on hover. */
function fieldVotes(models) {
  const list = element('div', 'votes');
  for (const vote of models) {
    const chip = element('span', 'vote', vote.model + ' ' + vote.value);
    chip.title = vote.model + ' read ' + vote.value + ', least sure digit ' + (100 * vote.leastConfidence).toFixed(1) + ' %';
    list.appendChild(chip);
  }
  return list;
}

function renderRecentFields(fields) {
  document.getElementById('recent-fields-section').hidden = fields.length === 0;
  const container = document.getElementById('recent-fields');
  const ids = fields.map(field => field.id + '|' + field.label).join('\n');
  // Redrawing reloads every scan: only when a field or a label arrived.
  if (container.dataset.ids === ids) return;
  container.dataset.ids = ids;
  container.replaceChildren(...fields.map(field => {
    const card = element('div', 'field-card');
    card.dataset.id = field.id;
    if (field.label !== null) card.classList.add(field.label === field.value ? 'right' : 'wrong');
    card.appendChild(fieldScan(field));
    const answer = element('div', 'answer');
    answer.appendChild(element('span', 'field-value-read', field.value || '(none)'));
    answer.appendChild(element('span', 'confidence', (100 * field.confidence).toFixed(0) + ' %'));
    if (field.doubts.length > 0) answer.appendChild(element('span', 'reason ' + field.doubts[0], ' ' + field.doubts.join(', ')));
    card.appendChild(answer);
    card.appendChild(element('div', 'label', field.label === null ? 'true digits pending' : 'true digits ' + field.label));
    card.appendChild(fieldVotes(field.models));
    return card;
  }));
}

/** What a reviewer has typed for a field, by id, so the next poll's redraw keeps it. */
const drafts = new Map();

function renderReview(review) {
  const body = document.querySelector('#review tbody');
  const ids = review.newest.map(item => item.id).join('\n');
  // A redraw would take the caret out of a field's answer box while the reviewer types: redraw only on change.
  if (body.dataset.ids === ids) return;
  body.dataset.ids = ids;
  const focused = document.activeElement && document.activeElement.classList.contains('field-value')
    ? document.activeElement.dataset.id : null;
  body.replaceChildren(...review.newest.map(item => item.value === undefined ? digitRow(item) : fieldRow(item)));
  if (focused) {
    const box = [...body.querySelectorAll('input.field-value')].find(input => input.dataset.id === focused);
    if (box) box.focus();
  }
}

function digitRow(item) {
  const row = element('tr', 'review-row');
  row.dataset.id = item.id;
  const scan = element('td');
  scan.appendChild(thumbnail(item.thumbnail, item.id));
  row.appendChild(scan);
  row.appendChild(element('td', 'id', item.id));
  row.appendChild(element('td', 'reason ' + item.reason, item.reason));
  row.appendChild(element('td', 'ensemble', item.digit + ' (' + (100 * item.confidence).toFixed(0) + ' %)'));
  const models = element('td');
  models.appendChild(votes(item.models));
  row.appendChild(models);
  row.appendChild(element('td', 'time', timeLabel(item.flaggedAt)));
  row.appendChild(answerButtons(item.id));
  return row;
}

/** A form field: the scan with a box around every digit read, the reading, each model's, and a box to correct it. */
function fieldRow(item) {
  const row = element('tr', 'review-row field-row');
  row.dataset.id = item.id;
  const scan = element('td');
  scan.appendChild(fieldScan(item));
  row.appendChild(scan);
  row.appendChild(element('td', 'id', item.id));
  row.appendChild(element('td', 'reason ' + item.reason, item.doubts.join(', ')));
  row.appendChild(element('td', 'ensemble', (item.value || '(none)') + ' (' + (100 * item.confidence).toFixed(0) + ' %)'));
  const models = element('td');
  models.appendChild(fieldVotes(item.fieldModels));
  row.appendChild(models);
  row.appendChild(element('td', 'time', timeLabel(item.flaggedAt)));
  row.appendChild(fieldAnswer(item));
  return row;
}

function fieldScan(item) {
  if (!item.thumbnail) return element('div', 'thumb missing', 'no image');
  const frame = element('div', 'field-scan');
  const img = element('img', 'field-thumb');
  img.alt = 'field ' + item.id;
  img.addEventListener('load', () => {
    for (const [x, y, w, h] of item.boxes) {
      const box = element('div', 'digit-box');
      box.style.left = (100 * x / img.naturalWidth) + '%';
      box.style.top = (100 * y / img.naturalHeight) + '%';
      box.style.width = (100 * w / img.naturalWidth) + '%';
      box.style.height = (100 * h / img.naturalHeight) + '%';
      frame.appendChild(box);
    }
  });
  img.src = item.thumbnail;
  frame.appendChild(img);
  return frame;
}

function fieldAnswer(item) {
  const cell = element('td', 'answer');
  const input = element('input', 'field-value');
  input.type = 'text';
  input.inputMode = 'numeric';
  input.pattern = '[0-9]{1,32}';
  input.maxLength = 32;
  input.dataset.id = item.id;
  input.title = 'the digits the field holds, left to right';
  input.value = drafts.has(item.id) ? drafts.get(item.id) : item.value;
  input.addEventListener('input', () => drafts.set(item.id, input.value));
  const submit = () => {
    if (!/^[0-9]{1,32}$/.test(input.value)) {
      setStatus('down', 'answer for ' + item.id + ' not saved: type 1 to 32 digits');
      return;
    }
    answer(item.id, { value: input.value });
  };
  const saveButton = element('button', 'answer-button', 'save');
  saveButton.type = 'button';
  saveButton.title = 'the field holds these digits';
  saveButton.addEventListener('click', submit);
  input.addEventListener('keydown', event => { if (event.key === 'Enter') submit(); });
  const none = answerButton(item.id, 'not readable', { notADigit: true }, 'the field holds no readable digits');
  [input, saveButton, none].forEach(node => { node.disabled = answering.has(item.id); cell.appendChild(node); });
  return cell;
}

/** Image ids whose answer is on its way, so a second click (or the next poll) does not send it twice. */
const answering = new Set();

function answerButtons(id) {
  const cell = element('td', 'answer');
  const buttons = [...Array(10).keys()].map(digit => answerButton(id, String(digit), { digit }, 'the scan shows a ' + digit));
  buttons.push(answerButton(id, 'not a digit', { notADigit: true }, 'the scan shows no digit'));
  buttons.forEach(button => { button.disabled = answering.has(id); cell.appendChild(button); });
  return cell;
}

function answerButton(id, text, body, title) {
  const button = element('button', 'answer-button', text);
  button.type = 'button';
  button.title = title;
  button.addEventListener('click', () => answer(id, body));
  return button;
}

// The answer goes to digits.review-answers (kept with the scan, for training) and, for a digit, to digits.labels (a
// field's value to digits.field-labels), so the live metrics count it; the item then leaves the queue.
async function answer(id, body) {
  if (answering.has(id)) return;
  answering.add(id);
  document.querySelectorAll('tr.review-row').forEach(row => {
    if (row.dataset.id === id) row.querySelectorAll('button, input').forEach(control => { control.disabled = true; });
  });
  try {
    const response = await fetch('api/review/' + encodeURIComponent(id) + '/answer', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store',
    });
    if (response.ok) {
      drafts.delete(id);
    } else {
      const reason = await response.json().catch(() => ({}));
      setStatus('down', 'answer for ' + id + ' not saved: ' + (reason.error || response.status));
    }
  } catch (error) {
    setStatus('down', 'answer for ' + id + ' not saved: ' + error.message);
  } finally {
    answering.delete(id);
    // Saved, the row goes with the next poll; not saved, it must be answerable again.
    document.querySelectorAll('tr.review-row').forEach(row => {
      if (row.dataset.id === id) row.querySelectorAll('button, input').forEach(control => { control.disabled = false; });
    });
  }
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.json();
}

function setStatus(state, text) {
  const status = document.getElementById('status');
  status.dataset.state = state;
  status.textContent = text;
}

async function poll() {
  try {
    const [live, recent, fields, review] = await Promise.all([getJson('api/metrics/live'), getJson('api/recent'),
      getJson('api/fields/recent'), getJson('api/review')]);
    recordWindows(live);
    redrawCharts(live);
    updateTiles(live, review);
    renderRecent(recent);
    renderRecentFields(fields);
    renderReview(review);
    setStatus('live', 'live · ' + timeLabel(live.asOf) + ' UTC');
  } catch (error) {
    setStatus('down', 'service unreachable: ' + error.message);
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

createCharts();
poll();
