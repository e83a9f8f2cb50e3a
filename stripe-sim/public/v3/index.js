/*
 * Simulated Stripe.js for the Stripe test-mode simulator (stripe-sim/README.md).
 *
 * Implements the part of Stripe.js a Payment Element checkout uses: Stripe(pk), stripe.elements(),
 * elements.create('payment'), mount, on('change' | 'ready' | 'focus' | 'blur'), elements.submit(),
 * elements.update(), stripe.createConfirmationToken(), stripe.createPaymentMethod(),
 * stripe.handleNextAction() and stripe.retrievePaymentIntent(), with Stripe.js's result and error
 * shapes. It talks to the simulator it was loaded from, never to Stripe.
 *
 * Plain browser JavaScript, no build step. It works under a strict Content-Security-Policy: no eval,
 * no inline style (its stylesheet is a <link> to the simulator), DOM built with createElement and
 * textContent only. The card form is rendered in the page itself (no iframe), so it says loudly that
 * it is simulated.
 */
(function () {
  'use strict';

  var scriptUrl = document.currentScript ? document.currentScript.src : location.href;
  var SIMULATOR = new URL(scriptUrl).origin;

  /* ---- Card rules (the same as the simulator's src/cards.ts) ---- */

  var BRAND_NAMES = {
    visa: 'Visa',
    mastercard: 'Mastercard',
    amex: 'American Express',
    discover: 'Discover',
    diners: 'Diners Club',
    jcb: 'JCB',
    unionpay: 'UnionPay',
  };

  function detectBrand(digits) {
    var p2 = Number(digits.slice(0, 2));
    var p3 = Number(digits.slice(0, 3));
    var p4 = Number(digits.slice(0, 4));
    if (/^4/.test(digits)) return 'visa';
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return 'mastercard';
    if (p2 === 34 || p2 === 37) return 'amex';
    if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return 'discover';
    if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return 'diners';
    if (p4 >= 3528 && p4 <= 3589) return 'jcb';
    if (p2 === 62) return 'unionpay';
    return 'unknown';
  }

  /** Valid lengths and the digit groups the number is shown in, per brand. */
  function cardLayout(brand) {
    if (brand === 'amex') return { lengths: [15], groups: [4, 6, 5] };
    if (brand === 'diners') return { lengths: [14, 16], groups: [4, 6, 4, 2] };
    return { lengths: [16], groups: [4, 4, 4, 4] };
  }

  function passesLuhn(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var digit = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    return digits.length > 0 && sum % 10 === 0;
  }

  var onlyDigits = function (text) {
    return text.replace(/\D/g, '');
  };

  function formatNumber(digits) {
    var groups = cardLayout(detectBrand(digits)).groups;
    var parts = [];
    var start = 0;
    for (var i = 0; i < groups.length && start < digits.length; i++) {
      parts.push(digits.slice(start, start + groups[i]));
      start += groups[i];
    }
    return parts.join(' ');
  }

  function formatExpiry(digits) {
    if (/^[2-9]$/.test(digits)) digits = '0' + digits;
    return digits.length > 2 ? digits.slice(0, 2) + ' / ' + digits.slice(2, 4) : digits;
  }

  /* ---- Validation, with Stripe.js's codes and messages ---- */

  function numberError(digits) {
    var lengths = cardLayout(detectBrand(digits)).lengths;
    if (digits.length < Math.min.apply(null, lengths))
      return { code: 'incomplete_number', message: 'Your card number is incomplete.' };
    if (lengths.indexOf(digits.length) < 0 || !passesLuhn(digits))
      return { code: 'invalid_number', message: 'Your card number is invalid.' };
    return null;
  }

  function expiryError(digits) {
    if (digits.length < 4)
      return { code: 'incomplete_expiry', message: "Your card's expiration date is incomplete." };
    var month = Number(digits.slice(0, 2));
    var year = 2000 + Number(digits.slice(2, 4));
    var now = new Date();
    if (month < 1 || month > 12)
      return { code: 'invalid_expiry_month', message: "Your card's expiration month is invalid." };
    if (year < now.getFullYear())
      return {
        code: 'invalid_expiry_year_past',
        message: "Your card's expiration year is in the past.",
      };
    if (year === now.getFullYear() && month < now.getMonth() + 1)
      return {
        code: 'invalid_expiry_month_past',
        message: "Your card's expiration date is in the past.",
      };
    if (year > now.getFullYear() + 50)
      return { code: 'invalid_expiry_year', message: "Your card's expiration year is invalid." };
    return null;
  }

  function cvcError(digits, brand) {
    var length = brand === 'amex' ? 4 : 3;
    if (digits.length < length)
      return { code: 'incomplete_cvc', message: "Your card's security code is incomplete." };
    return null;
  }

  /* ---- DOM helpers ---- */

  var uid = 0;

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  var stylesheet;

  /** Links the form's stylesheet once; resolves when it has loaded (or failed), so 'ready' means styled. */
  function loadStylesheet() {
    if (!stylesheet) {
      stylesheet = new Promise(function (resolve) {
        var link = el('link', {
          rel: 'stylesheet',
          href: SIMULATOR + '/v3/stripe-sim.css',
          'data-stripe-sim': '',
        });
        link.onload = link.onerror = function () {
          resolve();
        };
        document.head.appendChild(link);
      });
    }
    return stylesheet;
  }

  /** One labelled input with its hint and its error message, linked by aria-describedby. */
  function field(id, label, input, hint) {
    var wrapper = el('div', { class: 'stripe-sim-field' });
    var inputNode = el(
      'input',
      Object.assign(
        {
          id: id,
          type: 'text',
          inputmode: 'numeric',
          spellcheck: 'false',
          'aria-invalid': 'false',
        },
        input,
      ),
    );
    var hintNode = el('p', { id: id + '-hint', class: 'stripe-sim-hint' }, hint);
    var errorNode = el('p', { id: id + '-error', class: 'stripe-sim-error' });
    inputNode.setAttribute('aria-describedby', hintNode.id + ' ' + errorNode.id);
    wrapper.append(el('label', { for: id }, label), inputNode, hintNode, errorNode);
    return { wrapper: wrapper, input: inputNode, hint: hintNode, error: errorNode };
  }

  /* ---- The Payment Element ---- */

  function PaymentElement(elements) {
    this._elements = elements;
    this._handlers = {};
    this._touched = {};
    this._build();
  }

  PaymentElement.prototype._build = function () {
    var id = 'stripe-sim-' + ++uid;
    this.node = el('fieldset', { class: 'stripe-sim-element' });
    this.node.append(
      el('legend', {}, 'Card'),
      el(
        'p',
        { class: 'stripe-sim-notice' },
        'Simulated payment form — no real card is charged. Use a Stripe test card, such as 4242 4242 4242 4242.',
      ),
    );
    this.fields = {
      number: field(
        id + '-number',
        'Card number',
        {
          name: 'cardnumber',
          autocomplete: 'cc-number',
          placeholder: '1234 1234 1234 1234',
          maxlength: '23',
        },
        '',
      ),
      expiry: field(
        id + '-expiry',
        'Expiration date',
        { name: 'exp-date', autocomplete: 'cc-exp', placeholder: 'MM / YY', maxlength: '7' },
        'MM / YY',
      ),
      cvc: field(
        id + '-cvc',
        'Security code',
        { name: 'cvc', autocomplete: 'cc-csc', placeholder: 'CVC', maxlength: '4' },
        '3 digits on the back, 4 on the front for American Express',
      ),
    };
    this.fields.number.hint.setAttribute('aria-live', 'polite');
    var row = el('div', { class: 'stripe-sim-row' });
    row.append(this.fields.expiry.wrapper, this.fields.cvc.wrapper);
    this.node.append(this.fields.number.wrapper, row);

    var self = this;
    Object.keys(this.fields).forEach(function (name) {
      var input = self.fields[name].input;
      input.addEventListener('input', function () {
        self._onInput(name);
      });
      input.addEventListener('blur', function () {
        self._touched[name] = true;
        self._showError(name);
        self._emit('blur', { elementType: 'payment' });
      });
      input.addEventListener('focus', function () {
        self._emit('focus', { elementType: 'payment' });
      });
    });
  };

  PaymentElement.prototype._digits = function (name) {
    return onlyDigits(this.fields[name].input.value);
  };

  PaymentElement.prototype._brand = function () {
    return detectBrand(this._digits('number'));
  };

  /** Reformats the field as the customer types, keeping the caret after the same digit. */
  PaymentElement.prototype._onInput = function (name) {
    var input = this.fields[name].input;
    var digitsBeforeCaret = onlyDigits(input.value.slice(0, input.selectionStart || 0)).length;
    var brand = this._brand();
    var digits = this._digits(name);
    var formatted;
    if (name === 'number') {
      var layout = cardLayout(detectBrand(digits));
      formatted = formatNumber(digits.slice(0, Math.max.apply(null, layout.lengths)));
      this.fields.number.hint.textContent = brand === 'unknown' ? '' : BRAND_NAMES[brand];
      this.fields.cvc.input.maxLength = brand === 'amex' ? 4 : 3;
    } else if (name === 'expiry') {
      formatted = formatExpiry(digits.slice(0, 4));
    } else {
      formatted = digits.slice(0, brand === 'amex' ? 4 : 3);
    }
    input.value = formatted;
    var caret = 0;
    for (var seen = 0; caret < formatted.length && seen < digitsBeforeCaret; caret++)
      if (/\d/.test(formatted[caret])) seen++;
    if (document.activeElement === input) input.setSelectionRange(caret, caret);
    this._elements._submitted = false;
    if (this._touched[name]) this._showError(name);
    this._emit('change', this._changeEvent());
  };

  PaymentElement.prototype._errorOf = function (name) {
    if (name === 'number') return numberError(this._digits('number'));
    if (name === 'expiry') return expiryError(this._digits('expiry'));
    return cvcError(this._digits('cvc'), this._brand());
  };

  PaymentElement.prototype._showError = function (name) {
    var error = this._errorOf(name);
    var f = this.fields[name];
    var show = error && (this._touched[name] || f.input.value !== '');
    f.error.textContent = show ? error.message : '';
    f.input.setAttribute('aria-invalid', show ? 'true' : 'false');
  };

  PaymentElement.prototype._changeEvent = function () {
    var self = this;
    var names = Object.keys(this.fields);
    return {
      elementType: 'payment',
      complete: names.every(function (name) {
        return !self._errorOf(name);
      }),
      empty: names.every(function (name) {
        return self.fields[name].input.value === '';
      }),
      collapsed: false,
      value: { type: 'card' },
    };
  };

  PaymentElement.prototype._emit = function (event, payload) {
    (this._handlers[event] || []).forEach(function (handler) {
      handler(payload);
    });
  };

  /** Validates every field, shows every error, focuses the first invalid field. */
  PaymentElement.prototype._validate = function () {
    var self = this;
    var first = null;
    Object.keys(this.fields).forEach(function (name) {
      self._touched[name] = true;
      self._showError(name);
      if (!first && self._errorOf(name)) first = name;
    });
    if (!first) return null;
    this.fields[first].input.focus();
    return this._errorOf(first);
  };

  /** The card as API parameters (`prefix[card][number]=...`). */
  PaymentElement.prototype._cardParams = function (prefix) {
    var expiry = this._digits('expiry');
    return [
      [prefix + '[number]', this._digits('number')],
      [prefix + '[exp_month]', String(Number(expiry.slice(0, 2)))],
      [prefix + '[exp_year]', String(2000 + Number(expiry.slice(2, 4)))],
      [prefix + '[cvc]', this._digits('cvc')],
    ];
  };

  PaymentElement.prototype.mount = function (target) {
    var container = typeof target === 'string' ? document.querySelector(target) : target;
    if (!container) throw new Error('stripe-sim: mount() target not found: ' + target);
    container.appendChild(this.node);
    var self = this;
    // Ready once styled, so that the form does not shift after the page reveals it.
    loadStylesheet().then(function () {
      self._emit('ready', { elementType: 'payment' });
    });
    return this;
  };

  PaymentElement.prototype.unmount = function () {
    this.node.remove();
  };
  PaymentElement.prototype.destroy = function () {
    this.unmount();
    this._handlers = {};
  };
  PaymentElement.prototype.focus = function () {
    this.fields.number.input.focus();
  };
  PaymentElement.prototype.clear = function () {
    var self = this;
    Object.keys(this.fields).forEach(function (name) {
      self.fields[name].input.value = '';
      self._touched[name] = false;
      self._showError(name);
    });
  };
  PaymentElement.prototype.on = function (event, handler) {
    (this._handlers[event] = this._handlers[event] || []).push(handler);
    return this;
  };
  PaymentElement.prototype.off = function (event, handler) {
    this._handlers[event] = (this._handlers[event] || []).filter(function (h) {
      return h !== handler;
    });
    return this;
  };

  /* ---- Elements ---- */

  function Elements(options) {
    this.options = Object.assign({}, options);
    this._element = null;
    this._submitted = false;
  }

  Elements.prototype.create = function (type) {
    if (type !== 'payment')
      throw new Error('stripe-sim: only the "payment" element is simulated, not "' + type + '".');
    if (this._element)
      throw new Error('stripe-sim: this Elements group already has a payment element.');
    this._element = new PaymentElement(this);
    return this._element;
  };
  Elements.prototype.getElement = function (type) {
    return type === 'payment' ? this._element : null;
  };
  Elements.prototype.update = function (options) {
    Object.assign(this.options, options);
  };

  /** Resolves {} when the form is valid, or { error } (type validation_error) after showing it. */
  Elements.prototype.submit = function () {
    if (!this._element)
      return Promise.resolve({
        error: {
          type: 'validation_error',
          code: 'incomplete',
          message: 'The payment element is not mounted.',
        },
      });
    var error = this._element._validate();
    this._submitted = !error;
    return Promise.resolve(
      error
        ? { error: { type: 'validation_error', code: error.code, message: error.message } }
        : {},
    );
  };

  /* ---- Stripe ---- */

  function Stripe(publishableKey) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey);
    if (/^pk_live_/.test(publishableKey))
      throw new Error(
        'stripe-sim runs in test mode only and never touches real money: use a pk_test_ key.',
      );
    if (!/^pk_test_\w+$/.test(publishableKey || ''))
      throw new Error(
        'stripe-sim: invalid publishable key (expected pk_test_...): ' + publishableKey,
      );
    this._key = publishableKey;
  }

  /** Calls the simulator's API with the publishable key; resolves the JSON body or { error }. */
  Stripe.prototype._api = function (method, path, params) {
    var body = params
      ? new URLSearchParams(
          params.filter(function (pair) {
            return pair[1] !== undefined && pair[1] !== null && pair[1] !== '';
          }),
        ).toString()
      : undefined;
    var headers = { Authorization: 'Bearer ' + this._key };
    if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return fetch(SIMULATOR + path, { method: method, headers: headers, body: body })
      .then(function (response) {
        return response.json();
      })
      .catch(function () {
        return {
          error: {
            type: 'api_connection_error',
            message: 'Could not reach the Stripe simulator at ' + SIMULATOR + '.',
          },
        };
      });
  };

  Stripe.prototype.elements = function (options) {
    return new Elements(options);
  };

  function billingParams(prefix, details) {
    var pairs = [];
    Object.keys(details || {}).forEach(function (key) {
      var value = details[key];
      if (value && typeof value === 'object') {
        Object.keys(value).forEach(function (sub) {
          pairs.push([prefix + '[' + key + '][' + sub + ']', value[sub]]);
        });
      } else {
        pairs.push([prefix + '[' + key + ']', value]);
      }
    });
    return pairs;
  }

  function requireSubmit(elements, action) {
    if (elements && elements._element && elements._submitted) return null;
    return {
      error: {
        type: 'invalid_request_error',
        code: 'elements_submit_required',
        message: 'elements.submit() must be called before stripe.' + action + '().',
      },
    };
  }

  /** stripe.createConfirmationToken({ elements, params: { billing_details?, return_url? } }). */
  Stripe.prototype.createConfirmationToken = function (options) {
    var elements = options && options.elements;
    var params = (options && options.params) || {};
    var missing = requireSubmit(elements, 'createConfirmationToken');
    if (missing) return Promise.resolve(missing);
    var pairs = [['payment_method_data[type]', 'card']]
      .concat(elements._element._cardParams('payment_method_data[card]'))
      .concat(
        billingParams(
          'payment_method_data[billing_details]',
          (params.payment_method_data || {}).billing_details || params.billing_details,
        ),
      )
      .concat([['return_url', params.return_url]]);
    return this._api('POST', '/v1/confirmation_tokens', pairs).then(function (json) {
      return json.error ? { error: json.error } : { confirmationToken: json };
    });
  };

  /** stripe.createPaymentMethod({ elements, params: { billing_details? } }). */
  Stripe.prototype.createPaymentMethod = function (options) {
    var elements = options && options.elements;
    var params = (options && options.params) || {};
    var missing = requireSubmit(elements, 'createPaymentMethod');
    if (missing) return Promise.resolve(missing);
    var pairs = [['type', 'card']]
      .concat(elements._element._cardParams('card'))
      .concat(billingParams('billing_details', params.billing_details));
    return this._api('POST', '/v1/payment_methods', pairs).then(function (json) {
      return json.error ? { error: json.error } : { paymentMethod: json };
    });
  };

  Stripe.prototype.retrievePaymentIntent = function (clientSecret) {
    var id = String(clientSecret).split('_secret_')[0];
    return this._api(
      'GET',
      '/v1/payment_intents/' +
        encodeURIComponent(id) +
        '?client_secret=' +
        encodeURIComponent(clientSecret),
    ).then(function (json) {
      return json.error ? { error: json.error } : { paymentIntent: json };
    });
  };

  /** The result Stripe.js gives once an action is over: the PaymentIntent, or its payment error. */
  function actionResult(paymentIntent) {
    if (paymentIntent.status === 'requires_payment_method' && paymentIntent.last_payment_error) {
      return {
        error: Object.assign({}, paymentIntent.last_payment_error, {
          payment_intent: paymentIntent,
        }),
      };
    }
    return { paymentIntent: paymentIntent };
  }

  /**
   * stripe.handleNextAction({ clientSecret }): a redirect_to_url action navigates away (the promise
   * never resolves, as with Stripe.js); a use_stripe_sdk action shows the challenge in a dialog.
   */
  Stripe.prototype.handleNextAction = function (options) {
    var self = this;
    return this.retrievePaymentIntent(options && options.clientSecret).then(function (result) {
      if (result.error) return result;
      var pi = result.paymentIntent;
      var action = pi.status === 'requires_action' ? pi.next_action : null;
      if (!action) return actionResult(pi);
      if (action.type === 'redirect_to_url') {
        window.location.assign(action.redirect_to_url.url);
        return new Promise(function () {});
      }
      return self._challengeDialog(pi).then(function (outcome) {
        return fetch(SIMULATOR + '/_sim/3ds/' + encodeURIComponent(pi.id), {
          method: 'POST',
          headers: {
            Accept: 'application/json',
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'outcome=' + outcome,
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (json) {
            return json.error ? { error: json.error } : actionResult(json);
          });
      });
    });
  };

  /** The 3-D Secure challenge in a modal dialog; resolves 'complete' or 'fail' (Escape fails it). */
  Stripe.prototype._challengeDialog = function (paymentIntent) {
    loadStylesheet();
    return new Promise(function (resolve) {
      var headingId = 'stripe-sim-' + ++uid + '-title';
      var dialog = el('dialog', { class: 'stripe-sim-dialog', 'aria-labelledby': headingId });
      var amount = new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency: paymentIntent.currency.toUpperCase(),
      });
      var digits = amount.resolvedOptions().maximumFractionDigits;
      var actions = el('div', { class: 'stripe-sim-actions' });
      var complete = el(
        'button',
        { type: 'button', class: 'stripe-sim-primary' },
        'Complete authentication',
      );
      var fail = el(
        'button',
        { type: 'button', class: 'stripe-sim-secondary' },
        'Fail authentication',
      );
      actions.append(complete, fail);
      dialog.append(
        el('h2', { id: headingId }, '3-D Secure authentication (simulated)'),
        el(
          'p',
          {},
          'Your bank asks you to confirm a payment of ' +
            amount.format(paymentIntent.amount / Math.pow(10, digits)) +
            '.',
        ),
        actions,
      );
      function finish(outcome) {
        dialog.close();
        dialog.remove();
        resolve(outcome);
      }
      complete.addEventListener('click', function () {
        finish('complete');
      });
      fail.addEventListener('click', function () {
        finish('fail');
      });
      dialog.addEventListener('cancel', function (event) {
        event.preventDefault();
        finish('fail');
      });
      document.body.appendChild(dialog);
      dialog.showModal();
      complete.focus();
    });
  };

  window.Stripe = Stripe;
  loadStylesheet(); // start fetching the styles as soon as Stripe.js loads
})();
