// mentorstat serve — the little script of the page: it calls the JSON API
// (docs/server.md) for what a form cannot do alone: drag and drop, the
// editable tables of the drafts, progress of a build.  No framework.
'use strict';
(function () {
  var en = document.documentElement.lang === 'en';
  function t(ru, eng) { return en ? eng : ru; }
  var csrf = document.body.getAttribute('data-csrf') || '';
  var statusEl = document.getElementById('status');
  function say(msg, bad) {
    statusEl.textContent = msg;
    statusEl.className = bad ? 'error' : '';
  }
  // The API answers in English (docs/server.md); in Russian the page says
  // the same in Russian, by the status and the sentence's known shapes, and
  // keeps the library's own words (a codebook's cell, init's refusal) after it.
  // What an upload is instead of answers (upload.c), in Russian.
  var notData = {
    'a zip archive without an Excel workbook (a Word document or an .ods?)': ' (архив без книги Excel: документ Word или .ods?)',
    'an Excel 97-2003 .xls or an old Word file': ' (старый формат Excel 97–2003 .xls или Word: сохраните его как .xlsx)',
    "text in UTF-16 (Excel's Unicode text)": ' (текст в UTF-16, «Текст в Юникоде» Excel: выберите «CSV UTF-8»)',
    'a PDF document': ' (документ PDF)',
    'an RTF document': ' (документ RTF)',
    'an empty file': ' (файл пуст)',
    'not text': '',
    'text whose lines do not split into the same columns': ' (текст, а не таблица: строки не делятся на одинаковые столбцы; .txt принимается, если это выгрузка таблицы с разделителями)'
  };
  // The server's and the codebook check's other sentences, in Russian ($1…: the parts kept)
  var SAID = [
    [/^(.*) is a damaged \.xlsx workbook/, 'Файл «$1»: файл .xlsx повреждён (обрезан при скачивании или копировании?) — сохраните или скачайте его заново'],
    [/^(.*) is already uploaded \(as (.*)\)$/, 'Файл «$1» уже загружен (как «$2»)'],
    [/^upload the exports first/, 'Сначала загрузите выгрузки (шаг 1)'],
    [/^min must be below max \(([^ ]+) >= ([^ ]+)\)/, '«Мин» должен быть меньше «макс» (сейчас $1 и $2)'],
    [/^reverse must be 1 or empty/, '«Обратный»: отметьте или оставьте пустым'],
    [/^a reverse-keyed item needs min and max/, 'Обратному вопросу нужны «мин» и «макс»'],
    [/^choices must read value=label\|value=label \((.*)\)$/, 'Варианты пишутся так: 1=да|2=нет (а здесь «$1»)'],
    [/^choice given twice \((.*)\)$/, 'Вариант указан дважды («$1»)'],
    [/^derive is only for a year variable/, 'Год из даты вычисляется только для вопроса с типом «год»'],
    [/^derive must be/, 'Неизвестный способ вычислить год'],
    [/^only scale and number items can form a construct \((\S+) is/, 'В конструкт входят только шкалы и числа («$1» — нет)'],
    [/^construct_label needs a construct/, 'Название конструкта без конструкта: впишите конструкт'],
    [/^construct (\S+) has two labels/, 'У конструкта «$1» два разных названия: оставьте одно'],
    [/^a construct needs at least 2 items \((\S+) has 1\)/, 'В конструкте «$1» один вопрос, а нужно хотя бы два'],
    [/^a construct cannot share a variable's name \((.*)\)$/, 'Конструкт не может называться как вопрос («$1»)'],
    [/^invalid variable name, want .*\((.*)\)$/, 'Имя вопроса — латинские буквы, цифры и _, не с цифры («$1»)'],
    [/^duplicate variable name \(([^,]*)/, 'Имя «$1» уже есть у другого вопроса'],
    [/^unknown type \((.*)\)$/, 'Неизвестный тип («$1»)'],
    [/^the codebook defines no variable|^the codebook is empty/, 'В анкете не осталось ни одного вопроса'],
    [/^saved, but the programme does not read: (.*)$/, 'Сохранено, но программа не читается: $1'],
    [/^the codebook cannot be read: (.*)$/, 'Анкета не читается: $1'],
    [/^a bank's codebook does not read: (.*)$/, 'Анкета банка не читается: $1'],
    [/^the pairing does not read: (.*)$/, 'Подбор пар не читается: $1'],
    [/^give the areas/, 'Назовите направления (вопрос «несколько вариантов») одинаково в обоих банках'],
    [/^cannot name the mentees' areas (\S+)/, 'Не получилось назвать направления наставляемых «$1», как у наставников'],
    [/^"title" is longer/, 'Название длиннее 200 байт: сократите'],
    [/^an office has no programmes/, 'У управления нет своих программ'],
    [/^each row must be an object|must be a string|must be a non-empty array/, 'Сервер не понял таблицу: обновите страницу (F5)'],
    [/^unknown role/, 'Неизвестная роль анкеты'],
    [/^server busy/, 'Сервер занят: попробуйте через минуту']
  ];
  function sentence(status, data, url) {
    var m = (data && data.error) || (status + '');
    if (en) return m;
    var f = (data && data.field) || '', x;
    if (status === 401) return /\/api\/login$/.test(url || '') ? 'Неверный логин или пароль' : 'Сеанс закончился: войдите снова';
    if (status === 403) return 'Страница устарела: обновите её (F5) и повторите';
    if (status === 404) return 'Не найдено';
    if (status === 429) return 'Слишком много неудачных попыток входа: подождите несколько минут';
    if ((x = /^(.*) is larger than (\d+) MB/.exec(m))) return 'Файл «' + x[1] + '» больше ' + x[2] + ' МБ — это предел для одного файла';
    if ((x = /^at most (\d+) files/.exec(m))) return 'Не больше ' + x[1] + ' файлов за раз';
    if ((x = /^(.*) is neither a CSV file nor an \.xlsx workbook(?:: (.*))?$/.exec(m))) return 'Файл «' + x[1] + '» — не CSV и не .xlsx' + (notData[x[2]] || '') + ': сохраните ответы формы в CSV или Excel';
    if (status === 413) return 'Слишком большой запрос';
    if (/draft the questionnaires first/.test(m)) return 'Сначала загрузите выгрузки и составьте черновики анкет (шаги 1–2)';
    if (/^pairs need/.test(m)) return 'Для подбора пар нужны обе анкеты: банк наставников и запросы наставляемых';
    if ((x = /^no school has sent summaries for (\d+)/.exec(m))) return 'За ' + x[1] + ' год ещё никто не прислал сводки';
    if ((x = /^(min|max) is not a number \((.*)\)$/.exec(m))) return 'В столбце «' + (x[1] === 'min' ? 'мин' : 'макс') + '» нужно число, а не «' + x[2] + '»';
    for (var i = 0; i < SAID.length; i++)
      if ((x = SAID[i][0].exec(m))) return SAID[i][1].replace(/\$(\d)/g, function (_, k) { return x[k]; });
    if (f === 'year') return 'Учебный год: год окончания, от 2000 до 2100';
    if (status === 400) return 'Сервер не понял запрос (' + (f || m) + ')';
    if (status >= 500) return 'Ошибка на сервере: попробуйте ещё раз; если повторится, сообщите тому, кто ведёт сервер';
    return 'Не получилось: ' + m;
  }
  // A finished build's sentence ("10 charts; rows: 979 read, …") in Russian.
  function doneText(m) {
    if (en) return 'Done: ' + m;
    var x = /(?:(\d+) schools; )?(\d+) charts; rows: (\d+) read, (\d+) accepted(?:, (\d+) quarantined, (\d+) excluded)?/.exec(m || '');
    if (!x) return 'Готово';
    return 'Готово: ' + (x[1] ? 'школ — ' + x[1] + ', ' : '') + 'графиков — ' + x[2] + '; строк прочитано ' + x[3] +
      ', принято ' + x[4] + (x[5] !== undefined ? ', в карантине ' + x[5] + ', исключено ' + x[6] : '') +
      (/pandoc missing/.test(m) ? '; справки .docx нет: на сервере не установлен pandoc' : '');
  }
  // A failed build's message: the server's own sentences in Russian (the
  // library's, file:line:col, stay as they are: they name the place)
  function jobText(m) {
    if (en || !m) return m;
    if (/^the server stopped during the build/.test(m)) return 'сервер остановили во время построения — постройте заново';
    if (/^the report is built, but report\.zip/.test(m)) return 'отчёт построен, но архив report.zip записать не удалось — постройте заново';
    if (/^cannot write the territory programme/.test(m)) return 'не удалось записать программу территории на сервере';
    return m;
  }
  function api(method, url, body) {
    var opt = { method: method, headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' };
    if (body !== undefined) {
      opt.headers['Content-Type'] = 'application/json';
      opt.body = JSON.stringify(body);
    }
    return fetch(url, opt).then(function (r) {
      return r.text().then(function (txt) {
        var data = null;
        try { data = txt ? JSON.parse(txt) : null; } catch (e) { data = null; }
        if (!r.ok) {
          var err = new Error(sentence(r.status, data, url));
          err.status = r.status; err.data = data;
          throw err;
        }
        return data;
      });
    });
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fail(e) { say(e.message, true); }
  function num(x) { return en ? x : String(x).replace('.', ','); }

  // ---- login, logout, new programme
  var login = document.getElementById('login');
  if (login) login.addEventListener('submit', function (ev) {
    ev.preventDefault();
    api('POST', '/api/login', { login: login.login.value, password: login.password.value })
      .then(function () { location.href = afterLogin(); }, fail);
  });
  // The login page shown at an old link (a report's file) returns there; at
  // "/" it takes ?next= — only a path of this site: "/…", never "//host",
  // "/\host" or a scheme.
  function afterLogin() {
    var next = location.pathname;
    if (next === '/' || next === '/login') {
      var m = /[?&]next=([^&]*)/.exec(location.search);
      try { next = m ? decodeURIComponent(m[1]) : '/'; } catch (e) { next = '/'; }
    }
    return /^\/(?![\/\\])[^\s\\]*$/.test(next) ? next : '/';
  }
  var logout = document.getElementById('logout');
  if (logout) logout.addEventListener('click', function () {
    api('POST', '/api/logout').then(function () { location.href = '/'; }, fail);
  });
  var np = document.getElementById('new-programme');
  if (np) np.addEventListener('submit', function (ev) {
    ev.preventDefault();
    api('POST', '/api/programmes', { year: parseInt(np.year.value, 10), title: np.title.value })
      .then(function (p) { location.href = '/programmes/' + p.id; }, fail);
  });

  // ---- a build's progress: poll the job until it ends
  function follow(job, done) {
    var box = document.getElementById('progress'), text = document.getElementById('progress-text');
    box.hidden = false;
    function tick() {
      api('GET', '/api/jobs/' + job.id).then(function (j) {
        if (j.state === 'queued' || j.state === 'running') {
          text.textContent = (j.state === 'queued' ? t('в очереди', 'queued') : t('строится', 'building')) +
            ' · ' + j.seconds + ' ' + t('с', 's');
          setTimeout(tick, 1000);
          return;
        }
        box.hidden = true;
        if (j.state === 'done') { say(doneText(j.message)); done(j); }
        else say(t('Не получилось: ', 'Failed: ') + jobText(j.message), true);
      }, fail);
    }
    tick();
  }

  var prog = document.getElementById('programme');
  if (prog) {
    var id = prog.getAttribute('data-id'), base = '/api/programmes/' + id;
    // ---- upload: drag and drop or the file chooser
    var drop = document.getElementById('drop'), input = document.getElementById('file-input');
    var bar = document.getElementById('upload-progress');
    // Each file in a request of its own: one refused file (too large, not a
    // table, already uploaded) keeps none of the others out, and each
    // refusal is listed with its reason.
    var showFiles = function (data) {
      var list = document.getElementById('file-list');
      list.textContent = '';
      data.forEach(function (f) {
        var li = el('li', {}, f.name + ' ');
        li.appendChild(el('span', { 'class': 'size' }, '(' + (f.size / 1024).toFixed(1) + t(' КБ)', ' KB)')));
        list.appendChild(li);
      });
    };
    var uploadOne = function (file, done) {
      var fd = new FormData();
      fd.append('file', file, file.name);
      var x = new XMLHttpRequest();
      x.open('POST', base + '/files');
      x.setRequestHeader('X-CSRF-Token', csrf);
      x.onload = function () {
        var data = null;
        try { data = JSON.parse(x.responseText); } catch (e) { data = null; }
        if (x.status === 201) { showFiles(data); done(null); }
        else done(sentence(x.status, data, ''));
      };
      x.onerror = function () { done(t('сеть недоступна', 'network error')); };
      x.send(fd);
    };
    var upload = function (files) {
      var all = Array.prototype.slice.call(files);  // input.files empties when the input is reset
      if (!all.length) return;
      var ok = 0, refused = [], i = 0;
      bar.hidden = false;
      bar.value = 0;
      var next = function () {
        if (i === all.length) {
          bar.hidden = true;
          input.value = '';  // the same file chosen again (once fixed) is sent again
          var m = t('Загружено файлов: ', 'Files uploaded: ') + ok + (refused.length ? t(' из ', ' of ') + all.length : '');
          if (refused.length) m += '. ' + t('Не приняты: ', 'Refused: ') + refused.join('; ');
          say(m, refused.length > 0);
          return;
        }
        var f = all[i++];
        uploadOne(f, function (why) {
          if (why) refused.push(why.indexOf(f.name) >= 0 ? why : '«' + f.name + '» — ' + why);
          else ok++;
          bar.value = 100 * i / all.length;
          next();
        });
      };
      next();
    };
    input.addEventListener('change', function () { upload(input.files); });
    ['dragenter', 'dragover'].forEach(function (n) {
      drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (n) {
      drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.remove('over'); });
    });
    drop.addEventListener('drop', function (e) { upload(e.dataTransfer.files); });

    document.getElementById('init').addEventListener('click', function (ev) {
      ev.target.disabled = true;
      say(t('Составляю черновики…', 'Drafting…'));
      api('POST', base + '/init').then(function () { location.reload(); },
        function (e) { ev.target.disabled = false; fail(e); });
    });

    // ---- the drafts as editable tables
    var TYPES = ['id', 'pair', 'group', 'year', 'wave', 'scale', 'yesno', 'choice', 'multi',
      'number', 'text', 'consent', 'personal', 'ignore'];
    // survey too: a questionnaire drafted as one keeps its role when saved
    var ROLES = ['mentors_bank', 'mentees_requests', 'mentees_satisfaction', 'mentors_satisfaction', 'entry_exit', 'survey'];
    var COLS = [['type', t('тип', 'type')], ['label', t('подпись', 'label')], ['min', t('мин', 'min')],
      ['max', t('макс', 'max')], ['reverse', t('обратный', 'reverse')], ['construct', t('шкала', 'construct')],
      ['choices', t('варианты', 'choices')], ['missing', t('пропуск', 'missing')]];
    var WORDS = en ? {} : {
      id: 'код участника', pair: 'код пары', group: 'группа', year: 'год', wave: 'этап (вход/выход)',
      scale: 'шкала баллов', yesno: 'да/нет', choice: 'один вариант', multi: 'несколько вариантов',
      number: 'число', text: 'свободный ответ', consent: 'согласие', personal: 'личные данные', ignore: 'не учитывать',
      mentors_bank: 'банк наставников', mentees_requests: 'запросы наставляемых',
      mentees_satisfaction: 'удовлетворённость наставляемых', mentors_satisfaction: 'удовлетворённость наставников',
      entry_exit: 'входное и итоговое анкетирование', survey: 'другой опрос' };
    // init's reasons name the codebook's columns; the page names its own
    var PLAIN = [[/\(reverse = 1\)/g, '(отметьте «обратный»)'], [/которой init не знает/g, 'которой программа не знает'],
      [/сделайте type scale и choices по порядку/g, 'выберите тип «шкала баллов» и впишите варианты по порядку'],
      [/сделайте type choice, а в choices —/g, 'выберите тип «один вариант», а в столбце «варианты» впишите'],
      [/впишите label/g, 'впишите подпись']];
    function plain(reason) {
      if (en || !reason) return reason;
      PLAIN.forEach(function (p) { reason = reason.replace(p[0], p[1]); });
      return reason;
    }
    function select(options, value, label) {
      var s = el('select', { 'aria-label': label });
      options.forEach(function (o) {
        var op = el('option', { value: o }, WORDS[o] || o);
        if (o === value) op.selected = true;
        s.appendChild(op);
      });
      return s;
    }
    // questionnaires changed in the table and not saved: leaving asks first
    var dirty = {};
    window.addEventListener('beforeunload', function (e) {
      if (!Object.keys(dirty).length) return;
      e.preventDefault();
      e.returnValue = '';  // Chromium shows its own «leave site?» question
    });
    function editor(box, name, q) {
      box.textContent = '';
      var roleId = 'role-' + name;
      var rl = el('label', { 'for': roleId }, t('Роль анкеты', 'Role of the questionnaire'));
      var role = select(ROLES, q.role, t('Роль анкеты', 'Role of the questionnaire'));
      role.id = roleId;
      box.appendChild(rl); box.appendChild(role);
      var table = el('table'), thead = el('thead'), hr = el('tr');
      table.appendChild(el('caption', {}, name + ': ' + q.columns.length + t(' столбцов', ' columns')));
      ['!', t('переменная и почему так', 'variable and why'), t('вопрос', 'question')].concat(COLS.map(function (c) { return c[1]; }))
        .forEach(function (h) { hr.appendChild(el('th', { scope: 'col' }, h)); });
      thead.appendChild(hr); table.appendChild(thead);
      var tbody = el('tbody');
      q.columns.forEach(function (c, i) {
        var tr = el('tr', { 'data-row': i, 'class': c.check ? 'check' : '' });
        tr._col = c;
        tr.appendChild(el('td', { 'class': 'mark' }, c.check ? '!' : ''));
        // the reason under the name: on a tablet it is seen without scrolling
        var vtd = el('td', { 'class': 'var', title: plain(c.reason) }, c.name);
        if (c.check) vtd.appendChild(el('div', { 'class': 'reason' }, plain(c.reason)));
        tr.appendChild(vtd);
        tr.appendChild(el('td', { 'class': 'src' }, c.source));
        COLS.forEach(function (k) {
          var td = el('td'), lab = c.name + ': ' + k[1], inp;
          if (k[0] === 'type') inp = select(TYPES, c.type, lab);
          else if (k[0] === 'reverse') { inp = el('input', { type: 'checkbox', 'aria-label': lab }); inp.checked = c.reverse === '1'; }
          else { inp = el('input', { type: 'text', 'aria-label': lab, 'class': (k[0] === 'min' || k[0] === 'max') ? 'short' : '' }); inp.value = c[k[0]]; }
          inp.setAttribute('data-field', k[0]);
          td.appendChild(inp); tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      // only the table scrolls sideways on a tablet; the role above stays put
      var wrap = el('div', { 'class': 'table-scroll' });
      var changed = function () { dirty[name] = true; };
      ['input', 'change'].forEach(function (n) { wrap.addEventListener(n, changed); role.addEventListener(n, changed); });
      table.appendChild(tbody); wrap.appendChild(table); box.appendChild(wrap);
      var save = el('button', { type: 'button', 'class': 'save' }, t('Сохранить', 'Save'));
      var msg = el('p', { 'class': 'error', role: 'alert' });
      box.appendChild(save); box.appendChild(msg);
      save.addEventListener('click', function () {
        var rows = [];
        Array.prototype.forEach.call(tbody.rows, function (tr) {
          var c = Object.assign({}, tr._col);
          delete c.check; delete c.reason;
          tr.querySelectorAll('[data-field]').forEach(function (inp) {
            inp.removeAttribute('aria-invalid');
            var f = inp.getAttribute('data-field');
            c[f] = inp.type === 'checkbox' ? (inp.checked ? '1' : '') : inp.value;
          });
          rows.push(c);
        });
        msg.textContent = '';
        say(t('Сохраняю…', 'Saving…'));  // an earlier error is not left standing meanwhile
        api('PUT', base + '/questionnaires/' + encodeURIComponent(name), { role: role.value, columns: rows })
          .then(function (q2) {
            delete dirty[name];
            editor(box, name, q2);
            say(t('Сохранено: ', 'Saved: ') + name);
            // a report built before no longer shows the drafts
            if (!document.getElementById('report-out').hidden) document.getElementById('stale').hidden = false;
          },
            function (e) {
              var d = e.data || {};
              msg.textContent = e.message;
              if (d.row !== undefined && tbody.rows[d.row]) {
                var cell = tbody.rows[d.row].querySelector('[data-field="' + d.field + '"]') || tbody.rows[d.row].cells[1];
                cell.setAttribute('aria-invalid', 'true');
                // in sight on a tablet too, where the table scrolls sideways
                if (cell.scrollIntoView) cell.scrollIntoView({ block: 'center', inline: 'center' });
                if (cell.focus) cell.focus({ preventScroll: true });
                msg.textContent = t('Строка ', 'Row ') + tbody.rows[d.row]._col.name + ': ' + e.message;
              } else if (d.field === 'role') role.setAttribute('aria-invalid', 'true');
              say(msg.textContent, true);  // the row named where it is always seen
            });
      });
    }
    document.querySelectorAll('details.questionnaire').forEach(function (d) {
      var name = d.getAttribute('data-q'), box = d.querySelector('.editor');
      api('GET', base + '/questionnaires/' + encodeURIComponent(name))
        .then(function (q) { editor(box, name, q); }, function (e) { box.textContent = e.message; });
    });

    // ---- check
    document.getElementById('check').addEventListener('click', function () {
      var outEl = document.getElementById('check-out');
      outEl.textContent = t('Проверяю…', 'Checking…');
      say(t('Проверяю данные…', 'Checking the data…'));
      api('GET', base + '/check').then(function (c) {
        outEl.textContent = '';
        var table = el('table'), hr = el('tr');
        // the reasons' column only when a questionnaire has any (a tablet has no room to spare)
        var why = c.questionnaires.some(function (q) { return q.error || (q.reasons || []).length; });
        table.appendChild(el('caption', {}, t('Строки по анкетам: прочитано = принято + в карантине + исключено (нет согласия)',
          'Rows per questionnaire: read = accepted + quarantined + excluded (no consent)')));
        [t('анкета', 'questionnaire'), t('прочитано', 'read'), t('принято', 'accepted'), t('в карантине', 'quarantined'),
          t('исключено', 'excluded'), t('повторные коды', 'repeated codes'), t('больше всего пропусков', 'most missing')]
          .concat(why ? [t('первые причины', 'first reasons')] : [])
          .forEach(function (h) { hr.appendChild(el('th', { scope: 'col' }, h)); });
        var th = el('thead'); th.appendChild(hr); table.appendChild(th);
        var tb = el('tbody');
        c.questionnaires.forEach(function (q) {
          var tr = el('tr'), r = q.rows || {};
          var qtd = el('td', {}, q.name), det = document.querySelector('details[data-q="' + q.name + '"] .role');
          if (det) qtd.appendChild(el('div', { 'class': 'note' }, det.textContent.replace(/[()]/g, '')));
          tr.appendChild(qtd);
          ['read', 'accepted', 'quarantined', 'excluded'].forEach(function (k) { tr.appendChild(el('td', { 'class': 'num' }, r[k] === undefined ? '—' : r[k])); });
          tr.appendChild(el('td', { 'class': 'num' }, q.repeated_codes === undefined ? '—' : q.repeated_codes));
          var worst = (q.missing || []).slice().sort(function (a, b) { return b.missing / (b.of || 1) - a.missing / (a.of || 1); })[0];
          tr.appendChild(el('td', {}, worst ? worst.label + ': ' + num((100 * worst.missing / (worst.of || 1)).toFixed(1)) + '\u00a0%' : '—'));
          if (why) tr.appendChild(el('td', { 'class': 'reason' }, (q.error ? q.error + ' ' : '') + (q.reasons || []).join('; ')));
          tb.appendChild(tr);
        });
        var wrap = el('div', { 'class': 'table-scroll' });
        table.appendChild(tb); wrap.appendChild(table); outEl.appendChild(wrap);
        say(t('Данные проверены', 'Data checked'));
      }, function (e) { outEl.textContent = ''; fail(e); });
    });

    // ---- build the report
    document.getElementById('build').addEventListener('click', function (ev) {
      ev.target.disabled = true;
      say(t('Строю отчёт…', 'Building the report…'));
      api('POST', base + '/report').then(function (job) {
        follow(job, function () {
          ev.target.disabled = false;
          document.getElementById('report-out').hidden = false;
          var f = document.getElementById('report-frame');
          f.src = f.getAttribute('data-src') + '?t=' + Date.now();
          api('GET', base).then(function (p) {
            document.getElementById('match-link').hidden = !p.matching;
            document.getElementById('stale').hidden = !p.report_stale;
            document.getElementById('kopilka-link').hidden = !p.kopilka;
          });
        });
      }, function (e) { ev.target.disabled = false; fail(e); });
    });
    document.getElementById('pair').addEventListener('click', function (ev) {
      ev.target.disabled = true;
      say(t('Подбираю пары…', 'Pairing…'));
      api('POST', base + '/matching').then(function (job) {
        follow(job, function () {
          ev.target.disabled = false;
          document.getElementById('report-out').hidden = false;
          api('GET', base).then(function (p) {
            document.getElementById('match-link').hidden = !p.matching;
            document.getElementById('stale').hidden = !p.report_stale;
            document.getElementById('kopilka-link').hidden = !p.kopilka;
          });
        });
      }, function (e) { ev.target.disabled = false; fail(e); });
    });
    var schoolYear = function (y) { return (y - 1) + '/' + ('0' + y % 100).slice(-2); };
    document.getElementById('send').addEventListener('click', function (ev) {
      // the office gets what it cannot check: ask when the report is out of
      // date or the answers are of another year than the programme
      var asks = [], py = +prog.getAttribute('data-year'), ay = +prog.getAttribute('data-answers-year');
      if (!document.getElementById('stale').hidden)
        asks.push(t('Отчёт построен до последних изменений анкет: вы не видели, что получится.',
          'The report was built before the questionnaires\' last changes: you have not seen what will be sent.'));
      if (ay && ay !== py)
        asks.push(t('Самые новые ответы — за ' + schoolYear(ay) + ' учебный год, а сводки уйдут как ' + schoolYear(py) + '.',
          'The newest answers are of ' + schoolYear(ay) + ', but the summaries go as ' + schoolYear(py) + '.'));
      if (asks.length && !window.confirm(asks.join('\n') + '\n' + t('Всё равно отправить сводки в управление?', 'Send the summaries to the office anyway?')))
        return;
      ev.target.disabled = true;
      say(t('Считаю сводки…', 'Summarizing…'));
      api('POST', base + '/submit').then(function (r) {
        ev.target.disabled = false;
        say(t('Сводки за ', 'Summaries for ') + (r.year - 1) + '/' + ('0' + r.year % 100).slice(-2) + t(' учебный год отправлены в управление', ' sent to the office'));
      }, function (e) { ev.target.disabled = false; fail(e); });
    });
  }

  // ---- the office
  document.querySelectorAll('button.territory-build').forEach(function (b) {
    b.addEventListener('click', function () {
      b.disabled = true;
      api('POST', '/api/territory/report', { year: parseInt(b.getAttribute('data-year'), 10) })
        .then(function (job) {
          follow(job, function () {
            // done: both copies written (a refused published copy ends the job failed)
            b.disabled = false;
            b.parentNode.querySelector('.links').hidden = false;
            b.parentNode.querySelector('.links .pub').hidden = false;
          });
        }, function (e) { b.disabled = false; fail(e); });
    });
  });
  // every control above answers now (a test waits for this, not for time)
  document.body.setAttribute('data-ready', '1');
})();
