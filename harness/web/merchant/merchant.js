// The merchant page of the seed guide, in its steps: on the buyer's click the shop's own backend creates the payment
// session (signed, through Kit.Contracts), the page calls createComponent with the sessionData and listens to
// onEventCallback, onError, onClose and onLog; it unmounts the component before paying again and when the buyer
// leaves the checkout ("Back to the shop", an in-page navigation). Everything the SDK reports
// is kept in window.kitEvents, with milliseconds since the page started, for the harness to read.
(function () {
  'use strict';
  var started = performance.now();
  var events = window.kitEvents = [];
  var log = document.getElementById('log');

  function record(channel, data) {
    var copy;
    try { copy = JSON.parse(JSON.stringify(data === undefined ? null : data)); } catch (e) { copy = String(data); }
    var entry = { t: Math.round(performance.now() - started), channel: channel, data: copy };
    events.push(entry);
    if (window.kitReport) window.kitReport(JSON.stringify(entry)); // the harness keeps its own record
    var item = document.createElement('li');
    item.textContent = channel + ' ' + JSON.stringify(copy);
    log.appendChild(item);
  }
  window.kitRecord = record;

  var params = new URLSearchParams(location.search);
  function defaults() {
    var mode = {};
    if (params.get('bankName')) mode.bankName = params.get('bankName');
    if (params.get('category')) mode.paymentMethodCategory = params.get('category');
    if (params.get('region')) mode.paymentMethodRegion = params.get('region');
    if (!Object.keys(mode).length) mode.paymentMethodRegion = 'TH';
    return {
      locale: params.get('locale') || 'en_US',
      environment: params.get('environment') || 'sandbox',
      displayMode: mode,
      amount: { currency: params.get('currency') || 'THB', value: params.get('value') || '125000' }
    };
  }

  function showAmount(amount) {
    document.getElementById('order-amount').textContent = amount.currency + ' ' + (Number(amount.value) / 100).toFixed(2);
  }

  // options: locale, environment, displayMode, amount {currency, value}, fault, networkMode, notRedirectAfterComplete,
  // showLoading, and, for the harness's scenarios, sessionData (replaces the backend's), analytics, asyncCallback,
  // callbackNotFunction
  window.kitCheckout = function (options) {
    var o = Object.assign(defaults(), options || {});
    showAmount(o.amount);
    return fetch('/api/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(o) })
      .then(function (response) { return response.json(); })
      .then(function (session) {
        record('backend', { paymentRequestId: session.paymentRequestId, resultCode: session.resultCode, error: session.error || null });
        if (!session.paymentSessionData) return session;
        window.kitSession = session;
        if (window.kitSdk) { window.kitSdk.unmount(); record('merchant', 'unmount before paying again'); }
        var sdkOptions = {
          environment: o.environment,
          locale: o.locale,
          onEventCallback: function (e) { record('onEventCallback', e); },
          onError: function (e) { record('onError', e); },
          onClose: function (e) { record('onClose', e); },
          onLog: function (e) { record('onLog', e); }
        };
        if (o.networkMode) sdkOptions.networkMode = o.networkMode;
        if (o.analytics) sdkOptions.analytics = o.analytics;
        if (o.asyncCallback) sdkOptions.onEventCallback = async function (e) { record('onEventCallback', e); };
        if (o.callbackNotFunction) sdkOptions.onEventCallback = 'not a function';
        try {
          window.kitSdk = new window.AMSCashierPayment(sdkOptions);
        } catch (e) {
          window.kitSdk = null;
          record('constructor', { threw: e.message, code: e.code || null });
          return session;
        }
        // The guide: showLoading false "if you do not use the default loading pattern".
        var params = { sessionData: 'sessionData' in o ? o.sessionData : session.paymentSessionData, appearance: { showLoading: o.showLoading !== false } };
        window.kitSdkParams = params;
        if (o.notRedirectAfterComplete) params.notRedirectAfterComplete = true;
        window.kitSdk.createComponent(params).then(
          function (value) { record('createComponent', { resolved: value === undefined ? null : value }); },
          function (error) { record('createComponent', { rejected: error === undefined ? null : error }); });
        return session;
      });
  };

  showAmount(defaults().amount);

  // The buyer leaves the checkout for the shop (an in-page navigation): the guide says to unmount then.
  window.kitLeaveCheckout = function () {
    if (window.kitSdk) { window.kitSdk.unmount(); window.kitSdk = null; record('merchant', 'unmount on leaving the checkout'); }
    history.pushState({}, '', '/?left=checkout');
    document.getElementById('cart').hidden = true;
    document.getElementById('shop-home').hidden = false;
  };
  document.getElementById('leave').addEventListener('click', function (e) { e.preventDefault(); window.kitLeaveCheckout(); });

  // The seed guide's first step: the shop shows the bank methods it agreed with Antom, in its display mode. Each
  // button is one mode value (?methods=field=value,... or a default list); a click starts the checkout with it.
  var LABELS = {
    'paymentMethodCategory=ONLINE_BANKING': 'Online banking', 'paymentMethodCategory=BANK_TRANSFER': 'Bank transfer',
    'paymentMethodCategory=MOBILE_BANKING_APP': 'Mobile banking app', 'paymentMethodRegion=TH': 'Thai banks',
    'paymentMethodRegion=ID': 'Indonesian banks'
  };
  var methods = (params.get('methods') || Object.keys(LABELS).join(',')).split(',');
  var list = document.getElementById('methods');
  methods.forEach(function (method) {
    var parts = method.split('=');
    var mode = {}; mode[parts[0]] = parts[1];
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'method';
    button.dataset.mode = method;
    button.textContent = LABELS[method] || parts[1].replace(/_/g, ' ');
    button.addEventListener('click', function () { window.kitCheckout({ displayMode: mode }); });
    var item = document.createElement('li');
    item.appendChild(button);
    list.appendChild(item);
  });
})();
