// Kit's probe, added to every page of a merchant's checkout before its own scripts run. It changes nothing the page
// or the SDK does; it reports what happens to the harness (window.__kitProbe, an exposed function):
// - when the page loads the SDK by script tag or CDN, the SDK's global AMSCashierPayment is wrapped as the SDK
//   defines it: the constructor's options, every onEventCallback / onError / onClose / onLog call, createComponent
//   (and how its promise settles) and unmount;
// - whatever the bundling, the messages the cashier app posts to the SDK (APP_TO_SDK), which carry the payment
//   events a bundled SDK's callbacks would see.
(function () {
  'use strict';
  var started = performance.now();
  function copy(value) {
    try { return JSON.parse(JSON.stringify(value === undefined ? null : value)); } catch (e) { return String(value); }
  }
  function report(channel, data) {
    try { window.__kitProbe(JSON.stringify({ t: Math.round(performance.now() - started), channel: channel, data: copy(data) })); } catch (e) { /* not ready */ }
  }
  var AsyncFunction = (async function () {}).constructor;
  function watch(name, callback) {
    if (typeof callback !== 'function') return callback;
    // Keep the callback's own kind: the SDK checks it (an async onEventCallback makes its constructor throw).
    var wrapper = callback instanceof AsyncFunction
      ? async function () { report(name, arguments[0]); return callback.apply(this, arguments); }
      : function () { report(name, arguments[0]); return callback.apply(this, arguments); };
    return wrapper;
  }
  function wrap(Original) {
    if (typeof Original !== 'function' || Original.__kitProbed) return Original;
    function Probed(options) {
      var o = options && typeof options === 'object' ? options : {};
      report('constructor', {
        environment: o.environment === undefined ? null : o.environment,
        locale: o.locale === undefined ? null : o.locale,
        callbacks: ['onEventCallback', 'onError', 'onClose', 'onLog'].filter(function (n) { return typeof o[n] === 'function'; }),
        analytics: o.analytics === undefined ? null : o.analytics
      });
      ['onEventCallback', 'onError', 'onClose', 'onLog'].forEach(function (n) { if (n in o) o[n] = watch(n, o[n]); });
      var instance;
      try { instance = new Original(o); } catch (e) { report('constructor.threw', { message: e && e.message }); throw e; }
      var create = instance.createComponent;
      if (typeof create === 'function') instance.createComponent = function (params) {
        report('createComponent', { hasSessionData: !!(params && params.sessionData), appearance: params && params.appearance || null });
        var promise = create.apply(this, arguments);
        if (promise && typeof promise.then === 'function')
          promise.then(function () { report('createComponent.resolved', null); },
                       function (error) { report('createComponent.rejected', { code: error && error.code, message: error && error.message }); });
        return promise;
      };
      var unmount = instance.unmount;
      if (typeof unmount === 'function') instance.unmount = function () { report('unmount', null); return unmount.apply(this, arguments); };
      return instance;
    }
    Probed.prototype = Original.prototype;
    Probed.__kitProbed = true;
    for (var key in Original) if (Object.prototype.hasOwnProperty.call(Original, key)) try { Probed[key] = Original[key]; } catch (e) { }
    return Probed;
  }
  var current;
  try {
    Object.defineProperty(window, 'AMSCashierPayment', {
      configurable: true, enumerable: true,
      get: function () { return current; },
      set: function (value) { current = wrap(value); }
    });
  } catch (e) { /* the page defined it first: the probe then sees only messages */ }
  window.addEventListener('message', function (event) {
    if (typeof event.data !== 'string' || event.data.indexOf('APP_TO_SDK') < 0) return;
    try {
      var message = JSON.parse(event.data);
      var context = message.context || {};
      report('app', { event: context.event, data: context.data, origin: event.origin });
    } catch (e) { /* not JSON: the SDK reports that itself */ }
  }, true);
})();
