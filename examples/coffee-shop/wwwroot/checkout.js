// The checkout page, following Antom's integration guide: create the SDK instance with the buyer's language, and
// on the buyer's click let the backend create the payment session, then render the cashier with createComponent.
(function () {
  'use strict';
  var config = window.shopConfig;
  var status = document.getElementById('status');

  // "Obtain the browser language": the cashier speaks Thai, Indonesian and English.
  function sdkLocale() {
    var language = (navigator.language || 'en').toLowerCase();
    if (language.indexOf('th') === 0) return 'th_TH';
    if (language.indexOf('id') === 0 || language.indexOf('in') === 0) return 'in_ID';
    return 'en_US';
  }

  function show(text, kind) {
    status.textContent = text;
    status.className = kind || '';
  }

  var checkout = new window.AMSCashierPayment({
    environment: config.environment,
    locale: sdkLocale(),
    onEventCallback: function (event) {
      if (event.code === 'SDK_PAYMENT_SUCCESSFUL') show('Payment successful. Thank you!', 'ok');
      else if (event.code === 'SDK_PAYMENT_FAIL') show('Payment failed. Please try another bank.', 'bad');
      else if (event.code === 'SDK_PAYMENT_CANCEL') show('Payment cancelled.', 'bad');
    },
    onError: function (error) {
      show('Sorry, we could not start the payment (' + error.code + ').', 'bad');
    },
    onClose: function () { show('', ''); }
  });
  var rendered = false;

  function pay(method) {
    show('One moment…');
    fetch('/api/checkout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ method: method }) })
      .then(function (response) { return response.json(); })
      .then(function (session) {
        if (!session.paymentSessionData) {
          show('Sorry, we could not start the payment: ' + session.error, 'bad');
          return;
        }
        // "When the user initiates multiple payments, free the component resources created in the previous createPaymentSession."
        if (rendered && config.unmountBeforePayingAgain) checkout.unmount();
        rendered = true;
        show('');
        return checkout.createComponent({ sessionData: session.paymentSessionData, appearance: { showLoading: true } });
      })
      .catch(function (error) { show('Sorry, we could not start the payment (' + (error && (error.code || error.message)) + ').', 'bad'); });
  }

  Array.prototype.forEach.call(document.querySelectorAll('button[data-method]'), function (button) {
    button.addEventListener('click', function () { pay(button.getAttribute('data-method')); });
  });

  // "When the user exits the checkout page, free the component resources."
  window.addEventListener('pagehide', function () { if (rendered) checkout.unmount(); });
})();
