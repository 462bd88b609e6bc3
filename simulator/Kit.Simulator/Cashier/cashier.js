// Kit's cashier web app for bank methods: the page the real Antom web SDK loads in its iframe. It speaks the SDK's
// postMessage protocol (docs/web-sdk.md §6): onLaunch, then on renderComponent it renders the banks from queryResult and
// posts declareCheckoutInfo, showCloseButton, onSizeChanged and dismissLoading; after the simulated bank page it
// emits SDK_PAYMENT_* through onEventCallback and asks the SDK to redirect to paymentRedirectUrl.
(function () {
  'use strict';
  var config = window.KIT_APP || {};
  var query = new URLSearchParams(location.search);
  var instanceId = query.get('instanceId') || '';
  var locale = query.get('locale') || '';
  var text = window.KIT_MESSAGES[locale] || window.KIT_MESSAGES.en_US; // any other locale: English
  var bcp47 = { en: 'en-US', th: 'th-TH', id: 'id-ID' }[text.lang];
  document.documentElement.lang = text.lang;
  var app = document.getElementById('kit-app');

  // The SDK's page is the parent; its origin is that of refUrl. Messages from anywhere else are ignored.
  var merchantOrigin = '';
  try { merchantOrigin = new URL(query.get('refUrl') || '').origin; } catch (e) { merchantOrigin = ''; }

  // A preload load (isPreload=true) only warms the cache: it must not talk to the SDK.
  if (query.get('isPreload') === 'true') return;

  var state = { render: null, query: null, bank: null, busy: false };

  function send(event, data) {
    parent.postMessage(JSON.stringify({ name: 'APP_TO_SDK', instanceId: instanceId, context: { event: event, data: data } }),
      merchantOrigin || '*');
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key] == null ? '' : values[key]; });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'on') Object.keys(attrs.on).forEach(function (ev) { node.addEventListener(ev, attrs.on[ev]); });
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // Antom's amounts are in minor units with Antom's own exponents (docs/antom-api.md §8: THB and IDR both 2), which are
  // not always the browser's: ICU gives IDR no decimals. IDR values are whole rupiah (the last two digits are 00).
  var EXPONENTS = { JPY: 0, KRW: 0, VND: 0 };
  function money(amount) {
    if (!amount) return '';
    var exponent = EXPONENTS[amount.currency] === undefined ? 2 : EXPONENTS[amount.currency];
    var shown = amount.currency === 'IDR' ? 0 : exponent;
    try {
      return new Intl.NumberFormat(bcp47, { style: 'currency', currency: amount.currency, minimumFractionDigits: shown, maximumFractionDigits: shown })
        .format(Number(amount.value) / Math.pow(10, exponent));
    } catch (e) { return amount.value + ' ' + amount.currency; }
  }

  function show(view) {
    app.replaceChildren(view);
    reportSize();
  }

  var lastHeight = 0;
  function reportSize() {
    // The content's own height: the document's scrollHeight never drops below the iframe's, so the sheet could only grow.
    var height = Math.ceil(app.getBoundingClientRect().height);
    // Never taller than the merchant's visible area (renderComponent's heightOfVisible): a long bank list scrolls
    // inside the cashier instead of running off the screen, where a phone buyer could not reach it.
    var visible = state.render && Number(state.render.heightOfVisible);
    if (visible > 0) height = Math.min(height, Math.floor(visible * 0.9));
    if (height === lastHeight || height <= 1) return;
    lastHeight = height;
    send('onSizeChanged', { height: height, width: Math.ceil(document.documentElement.clientWidth) });
  }
  if (window.ResizeObserver) new ResizeObserver(reportSize).observe(app);

  function header() {
    var q = state.query || {};
    var parts = [el('h1', { text: text.title }),
      el('div', { 'class': 'kit-amount' }, [el('span', { text: text.amountLabel }), el('strong', { id: 'kit-amount', text: money(q.amount) })])];
    if (q.expiresAt) {
      var time = new Date(q.expiresAt).toLocaleString(bcp47, { dateStyle: 'medium', timeStyle: 'short' });
      parts.push(el('p', { 'class': 'kit-deadline', text: fill(text.payBefore, { time: time }) }));
    }
    return parts;
  }

  function bankList() {
    var q = state.query || {};
    var view = el('section', { id: 'kit-bank-list' }, header());
    var banks = q.banks || [];
    if (!banks.length) {
      view.appendChild(el('p', { 'class': 'kit-empty', id: 'kit-empty', 'data-reason': q.emptyReason || '',
        text: text.empty[q.emptyReason] || text.empty.UnknownBank }));
      return view;
    }
    // One list per way of paying, so a bank that offers two ways appears once under each heading.
    var categories = [];
    banks.forEach(function (bank) { if (categories.indexOf(bank.category) < 0) categories.push(bank.category); });
    categories.forEach(function (category) {
      if (categories.length > 1) view.appendChild(el('h2', { 'class': 'kit-group', text: text.categories[category] || category }));
      var list = el('ul', { 'class': 'kit-banks', 'data-category': category });
      banks.filter(function (bank) { return bank.category === category; }).forEach(function (bank) {
        list.appendChild(el('li', {}, [el('button', {
          'class': 'kit-bank', type: 'button', 'data-bank-code': bank.bankCode, 'data-method-type': bank.paymentMethodType, 'data-category': bank.category,
          on: { click: function () { openBankPage(bank); } }
        }, [el('span', { 'class': 'kit-bank-name', text: bank.bankName }), el('span', { 'class': 'kit-bank-kind', text: text.categories[bank.category] || bank.category })])]));
      });
      view.appendChild(list);
    });
    return view;
  }

  function openBankPage(bank) {
    state.bank = bank;
    var q = state.query || {};
    var reasons = el('select', { id: 'kit-reason', 'aria-label': text.reasonLabel });
    (q.declineReasons || Object.keys(text.reasons)).forEach(function (code) {
      reasons.appendChild(el('option', { value: code, text: text.reasons[code] || code }));
    });
    var page = el('section', { 'class': 'kit-bankpage', id: 'kit-bank-page', 'data-bank-code': bank.bankCode }, [
      el('header', {}, [el('span', { 'class': 'kit-bank-logo', 'aria-hidden': 'true', text: bank.bankCode.charAt(0) }),
        el('h1', { text: fill(text.bankPageTitle, { bank: bank.bankName }) })]),
      el('p', { 'class': 'kit-note', text: text.bankPageNote + ' · ' + (text.categories[bank.category] || bank.category) }),
      el('div', { 'class': 'kit-amount' }, [el('span', { text: text.amountLabel }), el('strong', { text: money(q.amount) })]),
      el('p', { text: text.confirmQuestion }),
      el('div', { 'class': 'kit-actions' }, [
        el('button', { 'class': 'kit-primary', id: 'kit-approve', type: 'button', text: text.approve, on: { click: function () { act('approve'); } } }),
        el('div', { 'class': 'kit-decline' }, [
          el('label', { 'for': 'kit-reason', text: text.reasonLabel }), reasons,
          el('button', { 'class': 'kit-secondary', id: 'kit-decline', type: 'button', text: text.decline, on: { click: function () { act('decline', reasons.value); } } })]),
        el('button', { 'class': 'kit-link', id: 'kit-abandon', type: 'button', text: text.abandon, on: { click: function () { act('abandon'); } } })
      ])
    ]);
    show(page);
  }

  function act(action, reason) {
    if (state.busy) return;
    state.busy = true;
    show(el('section', { 'class': 'kit-result', id: 'kit-working' }, [el('p', { text: text.working })]));
    fetch('/page/antom-web-checkout/kit/bank-action', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        paymentSessionData: state.render.paymentSessionData, action: action, bankCode: state.bank.bankCode,
        paymentMethodType: state.bank.paymentMethodType, declineReason: reason || null
      })
    }).then(function (response) { return response.json(); }).then(function (answer) {
      state.busy = false;
      if (!answer.success) throw new Error(answer.errorMessage || answer.errorCode);
      finish(answer);
    }).catch(function (error) {
      state.busy = false;
      show(el('section', { 'class': 'kit-result', id: 'kit-error' }, [el('p', { text: text.errorRetry }),
        el('p', { 'class': 'kit-muted', text: String(error && error.message || error) }),
        el('button', { 'class': 'kit-link', type: 'button', text: text.back, on: { click: function () { show(bankList()); } } })]));
    });
  }

  function finish(answer) {
    var code = answer.sdkEventCode;
    send('onEventCallback', { code: code, message: answer.resultMessage || answer.paymentStatus });
    if (code === 'SDK_PAYMENT_CANCEL') { show(bankList()); return; }
    var redirect = !state.render.notRedirectAfterComplete && answer.redirectUrl;
    var icon = { SDK_PAYMENT_SUCCESSFUL: '✓', SDK_PAYMENT_FAIL: '✕' }[code] || '…';
    show(el('section', { 'class': 'kit-result ' + code, id: 'kit-result', 'data-code': code, 'data-status': answer.paymentStatus }, [
      el('div', { 'class': 'kit-icon', 'aria-hidden': 'true', text: icon }),
      el('h2', { text: text.result[code] || code }),
      el('p', { 'class': 'kit-muted', text: answer.resultCode ? (text.reasons[answer.resultCode] || answer.resultCode) : '' }),
      redirect ? el('p', { 'class': 'kit-muted', text: text.redirecting }) : null
    ]));
    if (redirect) {
      // Antom returns the buyer to paymentRedirectUrl; the SDK performs it (docs/web-sdk.md §6, onRedirect).
      var url = answer.kitFault === 'redirectFails' ? '' : answer.redirectUrl;
      setTimeout(function () { send('onRedirect', { normalUrl: url }); }, 1200);
    }
  }

  function render(data) {
    state.render = data;
    state.query = data.queryResult || {};
    send('declareCheckoutInfo', { closeDialogData: {
      title: { text: text.leaveTitle, fontSize: 16, fontColor: '#2A3A52' },
      message: { text: text.leaveMessage, fontSize: 14, fontColor: '#5B6B80' },
      btnOK: { text: text.stay, fontSize: 16, fontColor: '#FFFFFF', bg: '#1677FF', corner: 100 },
      btnCancel: { text: text.leave, fontSize: 16, fontColor: '#1677FF', bg: '#FFFFFF', corner: 100, type: 'stroke' }
    } });
    send('showCloseButton', {});
    var scene = data.sessionResult && data.sessionResult.paymentSessionConfig;
    if (scene && scene.paymentMethodCategoryType && scene.paymentMethodCategoryType !== 'BANK') {
      show(el('p', { 'class': 'kit-empty', id: 'kit-not-bank', text: text.notBank }));
    } else if (!state.query.success) {
      show(el('p', { 'class': 'kit-empty', id: 'kit-session-failed', text: text.sessionFailed }));
    } else {
      show(bankList());
    }
    send('dismissLoading', { message: 'Kit cashier rendered' });
    // What the cashier logs reaches the merchant's onLog through the SDK (docs/web-sdk.md §6: passed through unchanged).
    send('onLog', { level: state.query.success ? 'info' : 'error', source: 'Kit cashier',
      message: state.query.success ? 'rendered ' + ((state.query.banks || []).length) + ' bank method(s)' : 'the session query failed: ' + (state.query.errorMessage || 'unknown') });
    // Armed fault: a message the SDK cannot parse, which it reports as SDK_INTERNAL_ERROR.
    if (state.query.kitFault === 'appNonJsonMessage') parent.postMessage('Kit fault appNonJsonMessage: this message is deliberately not JSON', '*');
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent) return;
    if (merchantOrigin && event.origin !== merchantOrigin) return;
    var message;
    try { message = typeof event.data === 'string' ? JSON.parse(event.data) : null; } catch (e) { return; }
    if (!message || message.name !== 'SDK_TO_APP' || message.instanceId !== instanceId) return;
    var context = message.context || {};
    if (context.event === 'renderComponent') render(context.data || {});
    else if (context.event === 'renderResize') { lastHeight = 0; reportSize(); }
  });

  // The armed fault appNeverLaunches serves this page with launch=false: the SDK then times out after 15 s.
  if (config.launch !== false) send('onLaunch', {});
})();
