// supabase-migrator status page: shows the current or latest run, its tables, the run history and the dead
// letters, and steers runs, all through the control API (/api) with the operator's bearer token.
//
// Rules this file keeps: the token lives in sessionStorage and travels only in the Authorization header (never
// in a URL, never in the page); every value from the API reaches the page through textContent or an attribute,
// never as HTML (records are personal data and may contain anything); unknown states and fields are shown
// generically or ignored.
'use strict';

(() => {
    const TOKEN_KEY = 'supabase-migrator.control-token';
    const ACTIVE = new Set(['PENDING', 'RUNNING']);
    const POLL_ACTIVE_MS = 1500;
    const POLL_IDLE_MS = 10000;
    const HISTORY_PAGE = 10;
    const DEAD_LETTER_PAGE = 20;

    const $ = (id) => document.getElementById(id);

    const view = {
        pinned: null,           // run id the operator picked in the history, or null: follow the latest run
        shown: null,            // the run view on screen
        latest: null,           // the newest run
        historyOffset: 0,
        historyCount: 0,
        tables: [],             // table names seen in runs, for the start form and the dead-letter filter
        generation: 0,          // a refresh started later supersedes one still in flight
        timer: null,
        announced: '',
        // the dead-letter filter as last applied (Show): run 'shown' (the run above) or '' (all), table or ''
        deadLetters: {choice: {run: 'shown', table: ''}, after: null, pageIndex: 0, next: null, seenTotal: null, filterKey: ''},
        connected: null,
    };

    // ---- the control API ------------------------------------------------------------------------------------

    class ApiError extends Error {
        constructor(status, message) {
            super(message);
            this.status = status;
        }
    }

    function token() {
        return sessionStorage.getItem(TOKEN_KEY);
    }

    /** Calls the control API; a 401 sends the operator back to the token field. */
    async function api(method, path, body) {
        const secret = token();
        if (!secret) {
            showLogin('Enter the control token.');
            throw new ApiError(401, 'no token');
        }
        const headers = {'Accept': 'application/json', 'Authorization': 'Bearer ' + secret};
        const init = {method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error'};
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        let response;
        try {
            response = await fetch(path, init);
        } catch (e) {
            throw new ApiError(0, 'The service does not answer (' + e.message + ').');
        }
        const text = await response.text();
        let data = null;
        if (text) {
            try {
                data = JSON.parse(text);
            } catch (e) {
                data = null;
            }
        }
        if (response.status === 401) {
            sessionStorage.removeItem(TOKEN_KEY);
            showLogin('The control token was refused (401 Unauthorized). Enter the right token.');
            throw new ApiError(401, 'unauthorized');
        }
        if (!response.ok) {
            const message = data && typeof data.message === 'string' ? data.message : 'HTTP ' + response.status;
            throw new ApiError(response.status, message);
        }
        return data;
    }

    // ---- formatting -----------------------------------------------------------------------------------------

    const numberFormat = new Intl.NumberFormat();
    const dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});

    function num(value) {
        return value === null || value === undefined ? '—' : numberFormat.format(value);
    }

    function when(iso) {
        if (!iso) {
            return '—';
        }
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? String(iso) : dateFormat.format(date);
    }

    function duration(seconds) {
        if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
            return '—';
        }
        const s = Math.max(0, Math.round(seconds));
        const h = Math.floor(s / 3600);
        const m = Math.floor((s % 3600) / 60);
        const rest = s % 60;
        if (h > 0) {
            return h + ' h ' + String(m).padStart(2, '0') + ' min';
        }
        if (m > 0) {
            return m + ' min ' + String(rest).padStart(2, '0') + ' s';
        }
        return rest + ' s';
    }

    function plural(n, word) {
        return num(n) + ' ' + word + (n === 1 ? '' : 's');
    }

    /** A state badge: known states get their colour, any other state its name on a neutral badge. */
    function badge(element, state) {
        const name = state ? String(state) : 'UNKNOWN';
        element.textContent = name;
        element.className = 'badge state-' + name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    }

    function element(tag, className, text) {
        const e = document.createElement(tag);
        if (className) {
            e.className = className;
        }
        if (text !== undefined) {
            e.textContent = text;
        }
        return e;
    }

    /** Keeps a table body's rows in the order of items, reusing rows by key so focus and open details survive. */
    function syncRows(tbody, items, keyOf, build, update) {
        const existing = new Map(Array.from(tbody.rows, (row) => [row.dataset.key, row]));
        items.forEach((item, index) => {
            const key = String(keyOf(item));
            let row = existing.get(key);
            if (row) {
                existing.delete(key);
            } else {
                row = build(item);
                row.dataset.key = key;
            }
            update(row, item);
            if (tbody.rows[index] !== row) {
                tbody.insertBefore(row, tbody.rows[index] || null);
            }
        });
        existing.forEach((row) => row.remove());
    }

    function message(text, kind) {
        const box = $('action-message');
        box.textContent = text;
        box.className = 'message' + (kind ? ' ' + kind : '');
    }

    // ---- token ----------------------------------------------------------------------------------------------

    function showLogin(text) {
        clearTimeout(view.timer);
        view.generation++;
        $('app').hidden = true;
        $('sign-out').hidden = true;
        $('login').hidden = false;
        $('login-message').textContent = text || '';
        $('connection').textContent = '';
        $('refreshed').textContent = '';
        view.connected = null;
        const field = $('token');
        field.value = '';
        field.setAttribute('aria-invalid', text && text.includes('refused') ? 'true' : 'false');
        field.focus();
    }

    async function openApp(focusRun) {
        $('login').hidden = true;
        $('login-message').textContent = '';
        $('app').hidden = false;
        $('sign-out').hidden = false;
        await refresh();
        if (focusRun && !$('app').hidden) {
            $('run-title').focus();
        }
        if (!$('app').hidden) {
            await loadDeadLetters(null);
        }
    }

    $('login-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const value = $('token').value.trim();
        if (!value) {
            $('login-message').textContent = 'Enter the control token.';
            $('token').focus();
            return;
        }
        sessionStorage.setItem(TOKEN_KEY, value);
        $('token').value = '';
        $('login-message').textContent = 'Checking the token…';
        openApp(true);
    });

    $('sign-out').addEventListener('click', () => {
        sessionStorage.removeItem(TOKEN_KEY);
        showLogin('Token forgotten. Enter it again to continue.');
    });

    // ---- refresh loop ---------------------------------------------------------------------------------------

    async function refresh() {
        clearTimeout(view.timer);
        const generation = ++view.generation;
        let active = false;
        try {
            const runs = await api('GET', 'api/migrations?limit=' + HISTORY_PAGE + '&offset=' + view.historyOffset);
            if (generation !== view.generation) {
                return;
            }
            const latest = view.historyOffset === 0 ? (runs[0] || null)
                : ((await api('GET', 'api/migrations?limit=1'))[0] || null);
            let shown = null;
            if (view.pinned !== null) {
                try {
                    shown = await api('GET', 'api/migrations/' + encodeURIComponent(view.pinned));
                } catch (e) {
                    if (e.status !== 404) {
                        throw e;
                    }
                    view.pinned = null;
                }
            }
            if (shown === null && latest !== null) {
                shown = await api('GET', 'api/migrations/' + encodeURIComponent(latest.id));
            }
            if (generation !== view.generation) {
                return;
            }
            view.latest = latest;
            learnTables([shown, ...runs]);
            renderRun(shown);
            // the shown run was read after the list: its fresher view stands in the history too
            renderHistory(runs.map((r) => (shown !== null && r.id === shown.id ? shown : r)));
            active = (shown !== null && ACTIVE.has(shown.state)) || (latest !== null && ACTIVE.has(latest.state));
            connected(true);
            deadLettersFollow(shown);
        } catch (e) {
            if (e.status === 401) {
                return;
            }
            connected(false, e.message);
            active = true;   // retry soon
        }
        if (generation === view.generation) {
            // a tab in the background asks seldom; it catches up as soon as it is shown again
            view.timer = setTimeout(refresh, active && !document.hidden ? POLL_ACTIVE_MS : POLL_IDLE_MS);
        }
    }

    document.addEventListener('visibilitychange', () => {
        if (!document.hidden && token() && !$('app').hidden) {
            refresh();
        }
    });

    function connected(ok, detail) {
        if (ok) {
            if (view.connected !== true) {
                $('connection').textContent = 'Connected';
                $('connection').className = '';
            }
            $('refreshed').textContent = '· refreshed ' + new Date().toLocaleTimeString();
        } else if ($('connection').textContent !== (detail || 'The service does not answer.')) {
            $('connection').textContent = detail || 'The service does not answer.';
            $('connection').className = 'offline';
        }
        view.connected = ok;
    }

    // ---- the run shown --------------------------------------------------------------------------------------

    function renderRun(run) {
        view.shown = run;
        $('no-run').hidden = run !== null;
        $('run-facts').hidden = run === null;
        $('tables').hidden = run === null;
        $('follow-latest').hidden = view.pinned === null;
        $('stop').disabled = run === null || !ACTIVE.has(run.state);
        $('resume').disabled = run === null || ACTIVE.has(run.state) || run.state === 'SUCCEEDED';
        if (run === null) {
            $('run-title').textContent = 'Run';
            $('run-error').hidden = true;
            syncRows($('tables').tBodies[0], [], () => '', null, null);
            return;
        }
        const isLatest = view.latest !== null && view.latest.id === run.id;
        $('run-title').textContent = 'Run #' + run.id + (isLatest ? ' (latest)' : '');
        $('run-mode').textContent = run.mode || '—';
        badge($('run-state'), run.state);
        $('run-started').textContent = when(run.startedAt || run.createdAt);
        $('run-elapsed').textContent = elapsed(run);
        $('run-eta').textContent = runEta(run);
        const totals = run.totals || {};
        const uncounted = (Array.isArray(run.tables) ? run.tables : []).filter((t) => t.sourceRows === null).length;
        $('run-totals').textContent = num(totals.written) + ' of ' + num(totals.sourceRows) + ' written'
            + (uncounted ? ' (' + plural(uncounted, 'table') + ' not counted yet)' : '') + ', '
            + num(totals.read) + ' read, ' + plural(totals.deadLettered || 0, 'dead letter');

        const problem = run.error ? run.error
            : (run.stopReason ? 'Stopped (' + run.stopReason + ')' + (run.state === 'STOPPED' ? ': resume to continue from the checkpoints.' : '.') : '');
        const errorBox = $('run-error');
        errorBox.hidden = !problem;
        errorBox.textContent = problem;
        errorBox.className = 'message ' + (run.state === 'FAILED' ? 'error' : 'warning');

        const tables = Array.isArray(run.tables) ? run.tables : [];
        syncRows($('tables').tBodies[0], tables, (t) => t.table, buildTableRow, (row, t) => updateTableRow(row, t, run));

        const said = run.id + ':' + run.state;
        if (said !== view.announced) {
            view.announced = said;
            $('run-announcer').textContent = 'Run ' + run.id + ' is ' + run.state + '.';
        }
    }

    function elapsed(run) {
        if (!run.startedAt) {
            return '—';
        }
        const end = run.finishedAt && !ACTIVE.has(run.state) ? new Date(run.finishedAt) : new Date();
        return duration((end.getTime() - new Date(run.startedAt).getTime()) / 1000);
    }

    /** The running tables' ETA (the service reports one per running table) and how many tables follow. */
    function runEta(run) {
        if (!ACTIVE.has(run.state)) {
            return '—';
        }
        const tables = Array.isArray(run.tables) ? run.tables : [];
        const running = tables.filter((t) => t.state === 'RUNNING');
        const pending = tables.filter((t) => t.state === 'PENDING').length;
        const then = pending ? ', then ' + plural(pending, 'more table') : '';
        const etas = running.map((t) => t.etaSeconds).filter((v) => typeof v === 'number');
        if (etas.length === 0) {
            return pending ? plural(pending, 'table') + ' to go' : 'unknown';
        }
        return duration(Math.max(...etas)) + ' for ' + running.map((t) => t.table).join(', ') + then;
    }

    function buildTableRow(t) {
        const row = document.createElement('tr');
        const name = element('th', null, t.table);
        name.scope = 'row';
        row.append(name);
        const state = element('td');
        state.append(element('span', 'badge'), element('span', 'table-error'));
        row.append(state);
        const progressCell = element('td', 'progress-col');
        const progress = document.createElement('progress');
        progress.max = 100;
        progress.setAttribute('aria-label', t.table + ' progress');
        progressCell.append(progress, element('span', 'percent'));
        row.append(progressCell);
        for (const field of ['sourceRows', 'read', 'written', 'deadLettered', 'rowsPerSecond', 'etaSeconds']) {
            const cell = element('td', 'num');
            cell.dataset.field = field;
            row.append(cell);
        }
        row.append(element('td', 'verified'));
        return row;
    }

    function updateTableRow(row, t, run) {
        const [stateBadge, tableError] = row.cells[1].children;
        badge(stateBadge, t.state);
        tableError.textContent = t.error || '';

        const progress = row.cells[2].querySelector('progress');
        const percent = row.cells[2].querySelector('.percent');
        const done = t.state === 'SUCCEEDED';
        const value = done ? 100 : (typeof t.percentDone === 'number' ? t.percentDone : null);
        if (t.state === 'PENDING' && value === null) {
            progress.value = 0;
            percent.textContent = 'waiting';
        } else if (value === null) {
            progress.removeAttribute('value');     // running, size not known yet: indeterminate
            percent.textContent = '…';
        } else {
            progress.value = value;
            percent.textContent = done && run.mode === 'verify' ? 'done'
                : (typeof t.percentDone === 'number' ? t.percentDone.toFixed(1) : '100.0') + ' %';
        }
        progress.setAttribute('aria-valuetext', percent.textContent);

        for (const cell of row.querySelectorAll('td[data-field]')) {
            const field = cell.dataset.field;
            const v = t[field];
            cell.textContent = field === 'etaSeconds' ? (t.state === 'RUNNING' && typeof v === 'number' ? duration(v) : '—') : num(v);
            if (field === 'written' && (t.inserted || t.updated)) {
                cell.title = num(t.inserted) + ' inserted, ' + num(t.updated) + ' updated';
            }
        }
        updateVerified(row.cells[row.cells.length - 1], t);
    }

    function updateVerified(cell, t) {
        const signature = JSON.stringify([t.verified, t.verification, t.missingInSource, t.deleted]);
        if (cell.dataset.signature === signature) {
            return;
        }
        cell.dataset.signature = signature;
        cell.replaceChildren();
        const v = t.verification && typeof t.verification === 'object' ? t.verification : null;
        let text;
        if (t.verified === true) {
            text = 'yes';
            cell.className = 'verified ok';
        } else if (t.verified === false) {
            text = 'no';
            cell.className = 'verified bad';
        } else {
            text = '—';
            cell.className = 'verified';
        }
        if (v) {
            const parts = ['equal', 'missing', 'extra', 'different']
                .filter((k) => typeof v[k] === 'number' && (k === 'equal' || v[k] > 0))
                .map((k) => num(v[k]) + ' ' + k);
            if (v.complete === false) {
                parts.push('check stopped before the end');
            }
            if (parts.length) {
                text += ' (' + parts.join(', ') + ')';
            }
        }
        cell.append(element('span', null, text));
        if (typeof t.missingInSource === 'number') {
            cell.append(element('span', 'detail', num(t.missingInSource) + ' gone from the source'
                + (typeof t.deleted === 'number' && t.deleted > 0 ? ', ' + num(t.deleted) + ' deleted' : '')));
        }
        if (v && Array.isArray(v.examples) && v.examples.length) {
            const details = element('details');
            details.append(element('summary', null, plural(v.examples.length, 'example')));
            const list = element('ul');
            for (const example of v.examples) {
                const key = Array.isArray(example.key) ? example.key.join(', ') : String(example.key);
                const columns = Array.isArray(example.columns) && example.columns.length ? ' (' + example.columns.join(', ') + ')' : '';
                list.append(element('li', null, key + ': ' + (example.problem || '') + columns));
            }
            details.append(list);
            cell.append(details);
        }
    }

    // ---- history --------------------------------------------------------------------------------------------

    function renderHistory(runs) {
        view.historyCount = runs.length;
        syncRows($('runs').tBodies[0], runs, (r) => r.id, (r) => {
            const row = document.createElement('tr');
            const id = element('th', null, '#' + r.id);
            id.scope = 'row';
            row.append(id, element('td'), element('td'), element('td'), element('td', 'num'), element('td', 'num'));
            const cell = element('td');
            const button = element('button', 'secondary small', 'Show');
            button.type = 'button';
            button.setAttribute('aria-label', 'Show run ' + r.id);
            button.addEventListener('click', () => {
                view.pinned = r.id;
                refresh().then(() => $('run-title').focus());
            });
            cell.append(button);
            row.append(cell);
            row.cells[2].append(element('span', 'badge'));
            return row;
        }, (row, r) => {
            row.cells[1].textContent = r.mode || '—';
            badge(row.cells[2].firstChild, r.state);
            row.cells[3].textContent = when(r.startedAt || r.createdAt);
            row.cells[4].textContent = num(r.totals ? r.totals.written : null);
            row.cells[5].textContent = num(r.totals ? r.totals.deadLettered : null);
            const current = view.shown !== null && view.shown.id === r.id;
            row.classList.toggle('current', current);
            if (current) {
                row.setAttribute('aria-current', 'true');
            } else {
                row.removeAttribute('aria-current');
            }
        });
        $('runs-newer').disabled = view.historyOffset === 0;
        $('runs-older').disabled = runs.length < HISTORY_PAGE;
    }

    $('runs-newer').addEventListener('click', () => {
        view.historyOffset = Math.max(0, view.historyOffset - HISTORY_PAGE);
        refresh();
    });
    $('runs-older').addEventListener('click', () => {
        view.historyOffset += HISTORY_PAGE;
        refresh();
    });
    $('follow-latest').addEventListener('click', () => {
        view.pinned = null;
        refresh().then(() => $('run-title').focus());
    });

    // ---- tables known to the start form and the dead-letter filter -------------------------------------------

    function learnTables(runs) {
        const names = view.tables.slice();
        for (const run of runs) {
            if (run && Array.isArray(run.tables)) {
                for (const t of run.tables) {
                    if (t && typeof t.table === 'string' && !names.includes(t.table)) {
                        names.push(t.table);
                    }
                }
            }
        }
        if (names.length === view.tables.length) {
            return;
        }
        view.tables = names;
        const box = $('table-checkboxes');
        const checked = new Set(Array.from(box.querySelectorAll('input:checked'), (i) => i.value));
        box.replaceChildren(...names.map((name) => {
            const label = element('label', 'inline');
            const input = document.createElement('input');
            input.type = 'checkbox';
            input.value = name;
            input.checked = checked.has(name);
            label.append(input, document.createTextNode(' ' + name));
            return label;
        }));
        const select = $('dl-table');
        const selected = select.value;
        select.replaceChildren(new Option('all tables', ''), ...names.map((name) => new Option(name, name)));
        select.value = names.includes(selected) ? selected : '';
        if (!names.includes(view.deadLetters.choice.table)) {
            view.deadLetters.choice.table = '';
        }
    }

    // ---- actions --------------------------------------------------------------------------------------------

    /** Runs an operator action with its button disabled; failures become a message (401 goes to the token). */
    async function act(button, action) {
        button.disabled = true;
        try {
            await action();
        } catch (e) {
            if (e.status === 401) {
                return;
            }
            if (e.status === 409) {
                message('Refused (409 Conflict): ' + e.message, 'error');
                view.pinned = null;
            } else if (e.status === 0) {
                message(e.message, 'error');
            } else {
                message('Refused (' + e.status + '): ' + e.message, 'error');
            }
        } finally {
            button.disabled = false;
            if (!$('app').hidden) {
                await refresh();
            }
        }
    }

    function selectedMode() {
        const checked = document.querySelector('input[name="mode"]:checked');
        return checked ? checked.value : 'full';
    }

    document.querySelectorAll('input[name="mode"]').forEach((radio) => radio.addEventListener('change', () => {
        const incremental = selectedMode() === 'incremental';
        $('delete-missing').disabled = !incremental;
        if (!incremental) {
            $('delete-missing').checked = false;
        }
    }));

    $('start-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const mode = selectedMode();
        const body = {mode};
        const tables = Array.from($('table-checkboxes').querySelectorAll('input:checked'), (i) => i.value);
        for (const name of $('extra-tables').value.split(',')) {
            if (name.trim() && !tables.includes(name.trim())) {
                tables.push(name.trim());
            }
        }
        if (tables.length) {
            body.tables = tables;
        }
        if ($('create-missing').checked) {
            body.createMissingTables = true;
        }
        if (mode === 'incremental' && $('delete-missing').checked) {
            if (!window.confirm('Delete the target rows whose key the source no longer has?')) {
                return;
            }
            body.deleteMissing = true;
        }
        act($('start-run'), async () => {
            const run = await api('POST', 'api/migrations', body);
            view.pinned = null;
            view.historyOffset = 0;
            message('Run #' + run.id + ' started (' + run.mode + ', '
                + (tables.length ? tables.join(', ') : 'every configured table') + ').', 'ok');
        });
    });

    $('stop').addEventListener('click', () => {
        const run = view.shown;
        if (!run) {
            return;
        }
        act($('stop'), async () => {
            await api('POST', 'api/migrations/' + encodeURIComponent(run.id) + '/stop');
            message('Run #' + run.id + ': stop requested; it stops after the page in flight is written.', 'ok');
        });
    });

    $('resume').addEventListener('click', () => {
        const run = view.shown;
        if (!run) {
            return;
        }
        act($('resume'), async () => {
            await api('POST', 'api/migrations/' + encodeURIComponent(run.id) + '/resume');
            message('Run #' + run.id + ' resumed from its checkpoints.', 'ok');
        });
    });

    // ---- dead letters ---------------------------------------------------------------------------------------

    function deadLetterFilter() {
        const choice = view.deadLetters.choice;
        const migration = choice.run === 'shown' ? (view.shown ? view.shown.id : null) : null;
        return {migration, table: choice.table || null, noRun: choice.run === 'shown' && migration === null};
    }

    /** Loads the dead-letter page after the cursor {@code after} (null: the first page). */
    async function loadDeadLetters(after) {
        const filter = deadLetterFilter();
        const dl = view.deadLetters;
        const params = new URLSearchParams();
        if (filter.migration !== null) {
            params.set('migration', filter.migration);
        }
        if (filter.table) {
            params.set('table', filter.table);
        }
        params.set('limit', String(DEAD_LETTER_PAGE));
        if (after !== null) {
            params.set('after', String(after));
        }
        dl.filterKey = JSON.stringify([filter.migration, filter.table]);
        let page;
        try {
            page = filter.noRun ? {total: 0, items: [], nextAfter: null} : await api('GET', 'api/dead-letters?' + params);
        } catch (e) {
            if (e.status !== 401) {
                $('dl-summary').textContent = 'Dead letters could not be read: ' + e.message;
            }
            return;
        }
        dl.after = after;
        dl.next = page.nextAfter === undefined ? null : page.nextAfter;
        dl.seenTotal = view.shown && view.shown.totals ? view.shown.totals.deadLettered : null;
        const items = Array.isArray(page.items) ? page.items : [];
        const from = dl.pageIndex * DEAD_LETTER_PAGE;
        const scope = (filter.migration !== null ? ' of run #' + filter.migration : '') + (filter.table ? ' in ' + filter.table : '');
        $('dl-summary').textContent = page.total === 0 ? 'No dead letters' + scope + '.'
            : plural(page.total, 'dead letter') + scope + (items.length ? '; showing ' + num(from + 1) + '–' + num(from + items.length) : '') + '.';
        syncRows($('dead-letter-list').tBodies[0], items, (d) => d.id, buildDeadLetterRow, updateDeadLetterRow);
        $('dl-next').disabled = dl.next === null;
        $('dl-first').disabled = after === null;
        $('replay').disabled = page.total === 0;
    }

    function buildDeadLetterRow(d) {
        const row = document.createElement('tr');
        const id = element('th', null, String(d.id));
        id.scope = 'row';
        const key = d.primaryKey && typeof d.primaryKey === 'object'
            ? Object.entries(d.primaryKey).map(([k, v]) => k + ' = ' + v).join(', ') : String(d.primaryKey);
        const reason = element('td', 'reason');
        reason.append(element('code', 'sqlstate'), element('span'));
        const record = element('td');
        const details = element('details');
        details.append(element('summary', null, 'record'), element('pre', null, JSON.stringify(d.record, null, 2)),
            element('p', 'detail'));
        record.append(details);
        row.append(id, element('td', null, '#' + d.migration), element('td', null, d.table), element('td', null, key),
            reason, element('td', null, when(d.failedAt)), record);
        return row;
    }

    /**
     * The reason in the list; PostgreSQL's "(Failing row contains ...)" repeats the whole record, so it moves into
     * the record's details, shown only when the operator opens them.
     */
    function updateDeadLetterRow(row, d) {
        const reason = row.cells[4];
        const error = d.error || '';
        const cut = error.indexOf(' (Failing row contains');
        reason.firstChild.textContent = d.sqlState || '';
        reason.lastChild.textContent = cut > 0 ? error.slice(0, cut) : error;
        row.cells[6].querySelector('p').textContent = cut > 0 ? error.slice(cut + 2, error.endsWith(')') ? -1 : undefined) : '';
    }

    /** Reloads the current page when the shown run's dead letters grew or the filter follows another run. */
    function deadLettersFollow(run) {
        const dl = view.deadLetters;
        const filter = deadLetterFilter();
        const key = JSON.stringify([filter.migration, filter.table]);
        const total = run && run.totals ? run.totals.deadLettered : null;
        if (key !== dl.filterKey) {
            dl.pageIndex = 0;
            loadDeadLetters(null);
        } else if (total !== dl.seenTotal) {
            loadDeadLetters(dl.after);
        }
    }

    $('dead-letter-filter').addEventListener('submit', (event) => {
        event.preventDefault();
        view.deadLetters.choice = {run: $('dl-run').value, table: $('dl-table').value};
        view.deadLetters.pageIndex = 0;
        loadDeadLetters(null);
    });
    $('dl-next').addEventListener('click', () => {
        const dl = view.deadLetters;
        if (dl.next === null) {
            return;
        }
        dl.pageIndex++;
        loadDeadLetters(dl.next);
    });
    $('dl-first').addEventListener('click', () => {
        view.deadLetters.pageIndex = 0;
        loadDeadLetters(null);
    });

    $('replay').addEventListener('click', () => {
        const filter = deadLetterFilter();
        const body = {};
        if (filter.migration !== null) {
            body.migration = filter.migration;
        }
        if (filter.table) {
            body.table = filter.table;
        }
        act($('replay'), async () => {
            message('Replaying dead letters…');
            const report = await api('POST', 'api/dead-letters/replay', body);
            message('Replay: ' + num(report.succeeded) + ' written to the target, ' + num(report.failed)
                + ' still refused (their reason is updated below).', report.failed ? 'warning' : 'ok');
            view.deadLetters.pageIndex = 0;
            await loadDeadLetters(null);
        });
    });

    // ---- start ----------------------------------------------------------------------------------------------

    if (token()) {
        openApp(false);
    } else {
        showLogin('');
    }
})();
