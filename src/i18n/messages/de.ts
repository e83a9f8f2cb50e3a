/** Deutsch: every message of ./en.ts that customers read (see `Translation`). */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import type { Translation } from '../index.js';

export const de: Translation = {
  'common.notCharged': 'Ihnen wurde nichts berechnet.',
  'common.retrySafe':
    'Sie können es gefahrlos erneut versuchen: Ihnen wird für diesen Bezahlvorgang nie doppelt ' +
    'etwas berechnet.',
  'common.back': 'Zurück zur Kasse',

  'shell.checkout': 'Kasse',
  'shell.contact': 'Kontakt',
  'shell.terms': 'AGB',
  'shell.privacy': 'Datenschutz',
  'shell.simulated':
    'Simulierte Zahlungen: Karte 4242 4242 4242 4242, künftiges Datum, jede Prüfnummer.',
  'shell.test': 'Testzahlungen: Karte 4242 4242 4242 4242, künftiges Datum, jede Prüfnummer.',
  'shell.simulatedReceipt': 'Simulierte Zahlung: Es wurde kein Geld bewegt.',
  'shell.testReceipt': 'Testzahlung: Es wurde kein Geld bewegt.',

  'page.email': 'E-Mail-Adresse für Ihre Quittung',
  'page.emailPlain': 'E-Mail-Adresse',
  'page.emailError': 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  'page.pay': 'Bezahlen',

  'script.pay': '{amount} bezahlen',
  'script.paying': '{amount} wird bezahlt …',
  'script.payingNoAmount': 'Wird bezahlt …',
  'script.tryAgain': 'Erneut versuchen',
  'script.noAnswer':
    'Wir haben keine Antwort vom Shop erhalten, daher ist Ihre Zahlung nicht bestätigt. ' +
    '{common.retrySafe}',
  'script.loadFailed':
    'Ein Teil der Seite konnte nicht geladen werden. Bitte prüfen Sie Ihre Verbindung und ' +
    'laden Sie die Seite neu.',
  // Stripe's hosted Checkout (CHECKOUT_UI=hosted): the page's button, and where the customer pays.
  'page.checkout': 'Zur Kasse',
  'page.onStripe':
    'Sie bezahlen auf der sicheren Seite von Stripe, wo Sie auch einen Aktionscode eingeben können.',
  'page.shipTo': 'Land, in das wir Ihre Bestellung senden',
  'hosted.countryRequired': 'Bitte wählen Sie das Land, in das wir Ihre Bestellung senden sollen.',

  'receipt.thanks': 'Vielen Dank für Ihre Zahlung!',
  'receipt.received': 'Ihre Zahlung ist eingegangen.',
  'receipt.emailFollows': 'Eine Quittung ist per E-Mail unterwegs.',
  'receipt.receivedStatus': 'Diese Zahlung ist eingegangen.',
  'receipt.item': 'Artikel',
  'receipt.total': 'Bezahlter Gesamtbetrag',
  'receipt.discount': 'Rabatt',
  'receipt.discountCode': 'Rabatt ({code})',
  'receipt.newOrder': 'Neue Bestellung beginnen',
  'receipt.refunded': 'Erstattet',
  'receipt.card': 'Karte',
  'receipt.cardEnding': '{brand} mit den Endziffern {last4}',
  'receipt.date': 'Datum',
  'receipt.sentTo': 'Quittung gesendet an',
  'receipt.email': 'E-Mail',
  'receipt.order': 'Bestellnummer',
  'receipt.statement': 'Auf Ihrer Kartenabrechnung',
  'receipt.help':
    'Fragen zu dieser Bestellung? Schreiben Sie an {email} und nennen Sie Ihre Bestellnummer.',
  'receipt.back': 'Zurück zu {shop}',
  'receipt.checkingTitle': 'Ihre Zahlung wird geprüft',
  'receipt.checkingHeading': 'Wir prüfen Ihre Zahlung',
  'receipt.unreachable':
    'Wir konnten unseren Zahlungsdienstleister nicht erreichen, um diese Zahlung zu bestätigen.',
  'receipt.confirming': 'Wir bestätigen diese Zahlung bei unserem Zahlungsdienstleister.',
  'receipt.doNotPayAgain': 'Bitte zahlen Sie nicht erneut.',
  'receipt.checkAgain': 'Erneut prüfen',
  'receipt.stoppedChecking':
    'Das dauert länger als üblich. Bitte prüfen Sie es in ein paar Minuten erneut.',
  'receipt.statusOnly':
    'Aus Datenschutzgründen zeigt dieser Link nur den Status der Zahlung. Die vollständige ' +
    'Quittung mit Artikeln, Karte und E-Mail-Adresse steht auf der Seite, die der Browser der ' +
    'Kundin oder des Kunden direkt nach dem Bezahlen geöffnet hat.',
  'receipt.statusOnlyEmail':
    'Aus Datenschutzgründen zeigt dieser Link nur den Status der Zahlung. Die vollständige ' +
    'Quittung mit Artikeln, Karte und E-Mail-Adresse steht in der E-Mail, die bei der Zahlung ' +
    'verschickt wurde, und auf der Seite, die der Browser direkt nach dem Bezahlen geöffnet hat.',
  'receipt.refundedTitle': 'Zahlung erstattet',
  'receipt.refundedHeading': 'Diese Zahlung wurde erstattet',
  'receipt.refundedLead': 'Der volle Betrag wurde auf Ihr Zahlungsmittel zurückgebucht.',
  'receipt.partlyRefundedTitle': 'Zahlung teilweise erstattet',
  'receipt.partlyRefundedHeading': 'Ein Teil dieser Zahlung wurde erstattet',
  'receipt.partlyRefundedLead':
    'Ihre Zahlung ist eingegangen, und ein Teil davon wurde auf Ihr Zahlungsmittel zurückgebucht.',
  'receipt.partlyRefundedStatus':
    'Diese Zahlung ist eingegangen, und ein Teil davon wurde erstattet.',
  'receipt.pendingTitle': 'Zahlung in Bearbeitung',
  'receipt.pendingHeading': 'Ihre Zahlung wird bearbeitet',
  'receipt.pendingLead':
    'Wir warten auf die Bestätigung der Zahlung durch Ihre Bank. Ihre Quittung erscheint auf ' +
    'dieser Seite, sobald sie vorliegt.',
  'receipt.awaitingTitle': 'Zahlung ausstehend',
  'receipt.awaitingHeading': 'Wir warten auf Ihre Zahlung',
  'receipt.awaitingLead':
    'Bitte folgen Sie zum Bezahlen den Anweisungen, die Sie an der Kasse erhalten haben. Ihre ' +
    'Quittung erscheint auf dieser Seite, sobald Ihre Zahlung eingegangen ist.',
  'receipt.freeTitle': 'Bestellung eingegangen',
  'receipt.freeHeading': 'Für diese Bestellung war nichts zu zahlen',
  'receipt.freeLead':
    'Ihr Code hat den ganzen Preis abgezogen, es wurde also nichts abgebucht. Der Shop prüft ' +
    'kostenlose Bestellungen von Hand und bestätigt Ihre per E-Mail.',
  'receipt.incompleteTitle': 'Zahlung nicht abgeschlossen',
  'receipt.actionHeading': 'Ihre Zahlung ist nicht abgeschlossen',
  'receipt.actionLead':
    'Ihre Bank hat Sie gebeten, diese Zahlung zu bestätigen, und sie wurde nicht bestätigt. ' +
    '{common.notCharged}',
  'receipt.canceledTitle': 'Zahlung storniert',
  'receipt.canceledHeading': 'Diese Zahlung wurde storniert',
  'receipt.failedHeading': 'Ihre Zahlung wurde nicht abgeschlossen',
  'receipt.notFoundTitle': 'Zahlung nicht gefunden',
  'receipt.notFoundHeading': 'Wir konnten diese Zahlung nicht finden',
  'receipt.notFoundLead':
    'Zu diesem Link wurde keine Zahlung erfasst, es gibt also noch keine Quittung. ' +
    'Wenn Sie glauben, dass Ihnen etwas berechnet wurde, schreiben Sie an {email}.',

  'problem.400': 'Bitte prüfen Sie Ihre Angaben',
  'problem.401': 'Bitte melden Sie sich an',
  'problem.402': 'Ihre Zahlung ist nicht durchgegangen',
  'problem.403': 'Diese Anfrage wurde abgelehnt',
  'problem.404': 'Seite nicht gefunden',
  'problem.409': 'Dieser Bezahlvorgang muss neu beginnen',
  'problem.413': 'Diese Anfrage ist zu groß',
  'problem.415': 'Diese Anfrage konnte nicht gelesen werden',
  'problem.429': 'Bitte warten Sie einen Moment',
  'problem.500': 'Etwas ist schiefgegangen',
  'problem.other': 'Zahlung nicht möglich',
  'problem.inProgress': 'Ihre erste Zahlung wird noch bearbeitet: Bitte zahlen Sie nicht erneut',
  'problem.unconfirmed': 'Wir konnten Ihre Zahlung nicht bestätigen',
  'problem.tooManyDeclines': 'Zu viele abgelehnte Zahlungsversuche',

  'error.notFound': 'Unter dieser Adresse gibt es nichts.',
  'error.unavailable':
    'Wir konnten unseren Zahlungsdienstleister nicht erreichen. {common.notCharged} ' +
    'Bitte versuchen Sie es gleich noch einmal.',
  'error.unknown':
    'Wir konnten Ihre Zahlung nicht bestätigen: Unser Zahlungsdienstleister hat keine eindeutige ' +
    'Antwort gegeben. {common.retrySafe} Falls die Zahlung durchgegangen ist, zeigt ein erneuter ' +
    'Versuch Ihre Quittung.',
  'error.inProgress':
    'Für diesen Bezahlvorgang läuft bereits eine Zahlung. Bitte warten Sie einen Moment, bevor ' +
    'Sie es erneut versuchen. {common.retrySafe}',
  'error.changed':
    'Ihre Bestellung hat sich nach Beginn dieser Zahlung geändert. Bitte prüfen Sie sie und ' +
    'bezahlen Sie erneut.',
  'error.priceChanged':
    'Der Gesamtbetrag hat sich auf {total} geändert. {common.notCharged} Bitte prüfen Sie ihn ' +
    'und bezahlen Sie erneut.',
  'error.canceled':
    'Dieser Bezahlvorgang wurde abgebrochen. {common.notCharged} Bitte laden Sie die Seite neu, ' +
    'um neu zu beginnen.',
  'error.failed': 'Ihre Zahlung ist nicht durchgegangen. {common.notCharged}',
  'error.notConfigured':
    'Dieser Shop kann Ihre Zahlung gerade nicht annehmen. {common.notCharged} Bitte wenden Sie ' +
    'sich an den Shop.',
  'error.paymentMethod':
    'Wir konnten diese Kartendaten nicht verwenden. {common.notCharged} Bitte geben Sie Ihre ' +
    'Kartendaten erneut ein und versuchen Sie es noch einmal.',
  'error.internal': 'Bei uns ist etwas schiefgegangen. {common.retrySafe}',
  'error.internalPlain':
    'Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.',
  'error.tooManyDeclines':
    'Dieser Bezahlvorgang hatte zu viele abgelehnte Zahlungsversuche und nimmt keine weiteren ' +
    'an. {common.notCharged} Um zu bezahlen, verwenden Sie eine andere Karte: Ein neuer Versuch ' +
    'startet einen neuen Bezahlvorgang. Ihre Bank kann Ihnen sagen, warum Ihre Karte abgelehnt ' +
    'wurde.',
  'error.authenticationRequired':
    'Ihre Bank muss diese Zahlung bestätigen, und dafür wird JavaScript benötigt. ' +
    '{common.notCharged}',
  'error.networkRate':
    'Zu viele Zahlungsversuche aus Ihrem Netzwerk. Bitte warten Sie eine Minute und versuchen ' +
    'Sie es dann erneut. {common.retrySafe}',
  'error.checkoutRate':
    'Zu viele Zahlungsversuche für diesen Bezahlvorgang. Bitte warten Sie eine Minute und ' +
    'versuchen Sie es dann erneut. {outcome}',
  'error.tooLarge': 'Diese Anfrage ist zu groß. {common.notCharged}',
  'error.crossOrigin':
    'Dieses Formular kann nur von dieser Website aus gesendet werden. {common.notCharged}',
  'error.networkDeclinesHour':
    'In der letzten Stunde wurden zu viele Zahlungen aus Ihrem Netzwerk abgelehnt, daher kann ' +
    'dieser Shop vorerst keine weitere Zahlung aus diesem Netzwerk annehmen. {outcome} Bitte ' +
    'versuchen Sie es später noch einmal oder wenden Sie sich an Ihre Bank.',
  'error.networkDeclinesDay':
    'In den letzten 24 Stunden wurden zu viele Zahlungen aus Ihrem Netzwerk abgelehnt, daher ' +
    'kann dieser Shop vorerst keine weitere Zahlung aus diesem Netzwerk annehmen. {outcome} ' +
    'Bitte versuchen Sie es später noch einmal oder wenden Sie sich an Ihre Bank.',
  'error.checkRequired':
    'Bitte schließen Sie die Sicherheitsprüfung über der Schaltfläche „Bezahlen“ ab. {outcome}',
  'error.checkFailed':
    'Die Sicherheitsprüfung war nicht erfolgreich. Bitte führen Sie sie erneut durch. {outcome}',
  'error.checkUnavailable':
    'Die Sicherheitsprüfung ist gerade nicht verfügbar. Bitte versuchen Sie es gleich noch ' +
    'einmal. {outcome}',

  'decline.generic_decline':
    'Ihre Karte wurde abgelehnt. {common.notCharged} Versuchen Sie es mit einer anderen Karte ' +
    'oder wenden Sie sich an Ihre Bank.',
  'decline.insufficient_funds':
    'Ihre Karte ist nicht ausreichend gedeckt. {common.notCharged} Versuchen Sie es mit einer ' +
    'anderen Karte.',
  'decline.expired_card':
    'Ihre Karte ist abgelaufen. {common.notCharged} Prüfen Sie das Ablaufdatum oder verwenden ' +
    'Sie eine andere Karte.',
  'decline.incorrect_cvc':
    'Die Prüfnummer Ihrer Karte ist falsch. {common.notCharged} Prüfen Sie den drei- oder ' +
    'vierstelligen Code und versuchen Sie es erneut.',
  'decline.invalid_cvc':
    'Die Prüfnummer Ihrer Karte ist ungültig. {common.notCharged} Prüfen Sie den drei- oder ' +
    'vierstelligen Code und versuchen Sie es erneut.',
  'decline.processing_error':
    'Bei der Verarbeitung Ihrer Karte ist ein Fehler aufgetreten. {common.notCharged} Bitte ' +
    'versuchen Sie es gleich noch einmal.',
  'decline.incorrect_number':
    'Ihre Kartennummer ist falsch. {common.notCharged} Prüfen Sie die Nummer und versuchen Sie ' +
    'es erneut.',
  'decline.invalid_number':
    'Ihre Kartennummer ist ungültig. {common.notCharged} Prüfen Sie die Nummer und versuchen ' +
    'Sie es erneut.',
  'decline.invalid_expiry_month': 'Der Ablaufmonat Ihrer Karte ist ungültig. {common.notCharged}',
  'decline.invalid_expiry_year': 'Das Ablaufjahr Ihrer Karte ist ungültig. {common.notCharged}',
  'decline.payment_intent_authentication_failure':
    'Ihre Bank konnte nicht bestätigen, dass Sie es sind. {common.notCharged} Versuchen Sie es ' +
    'erneut oder verwenden Sie eine andere Karte.',
  'decline.other':
    'Ihre Zahlung wurde nicht angenommen. {common.notCharged} Versuchen Sie es mit einer ' +
    'anderen Karte.',

  'page.code': 'Aktionscode',
  'page.addCode': 'Aktionscode hinzufügen',
  'page.total': 'Gesamt',
  'page.shipping': 'Versand',
  'page.shippingMethod': 'Versandart',
  'script.shipping': 'Versand: {rate}',
  'script.addressFirst': 'Wird aus Ihrer Adresse berechnet',
  'script.free': 'Kostenlos',
  'page.quantityOf': 'Anzahl von {name}',
  'page.noScript': 'Zum Bezahlen ist JavaScript nötig. {common.notCharged}',
  'page.productGone':
    'Dieses Produkt ist nicht mehr erhältlich. Wählen Sie unten eines unserer anderen Produkte.',
  'script.discount': 'Rabatt ({code})',
  'script.apply': 'Einlösen',
  'script.remove': 'Entfernen',
  'script.bankOpen':
    'Die Prüfung dieser Zahlung durch Ihre Bank ist nicht abgeschlossen: Ihnen wurde nichts ' +
    'berechnet, sofern Sie sie nicht abgeschlossen haben. Klicken Sie auf „Erneut versuchen“, ' +
    'um zu ihr zurückzukehren. {common.retrySafe}',
  'script.paidElsewhere':
    'Dieser Bezahlvorgang wurde bereits in einem anderen Tab für eine andere Bestellung ' +
    'bezahlt. {common.notCharged} Klicken Sie auf Bezahlen, um diese Bestellung zu bezahlen.',
  'script.bankNotDone':
    'Ihre Bank hat diese Zahlung nicht bestätigt. {common.notCharged} Versuchen Sie es erneut ' +
    'oder verwenden Sie eine andere Karte.',
  'cart.empty': 'Ihr Warenkorb ist leer: Wählen Sie mindestens ein Produkt.',
  'cart.tooManyLines': 'Ein Warenkorb kann höchstens {max} verschiedene Produkte enthalten.',
  'cart.product': 'Dieses Produkt gibt es in diesem Shop nicht.',
  'cart.quantity': 'Die Anzahl muss eine ganze Zahl von 1 bis {max} sein.',
  'cart.duplicate':
    'Ein Produkt darf nur einmal im Warenkorb stehen: Ändern Sie stattdessen seine Anzahl.',
  'cart.currencies': 'Produkte in verschiedenen Währungen können nicht zusammen bezahlt werden.',
  'cart.tooLarge':
    'Diese Bestellung übersteigt den Höchstbetrag einer einzelnen Zahlung. Bitte teilen Sie ' +
    'sie in kleinere Bestellungen auf.',
  'promo.unknown':
    'Diesen Aktionscode kennen wir nicht. Bitte prüfen Sie ihn und versuchen Sie es erneut.',
  'promo.inactive': 'Dieser Aktionscode ist nicht mehr gültig.',
  'promo.expired': 'Dieser Aktionscode ist abgelaufen.',
  'promo.usedUp': 'Dieser Aktionscode wurde bereits so oft wie möglich eingelöst.',
  'promo.restricted': 'Dieser Aktionscode ist bestimmten Kundinnen und Kunden vorbehalten.',
  'promo.products': 'Dieser Aktionscode gilt nicht für die Produkte in diesem Warenkorb.',
  'promo.currency': 'Dieser Aktionscode gilt nicht für Zahlungen in {currency}.',
  'promo.minimum': 'Dieser Aktionscode gilt ab einem Bestellwert von {amount}.',
  'promo.totalTooSmall':
    'Mit diesem Aktionscode läge der Betrag unter {amount}, der kleinsten Zahlung, die wir ' +
    'annehmen können.',
  'promo.off': '{off} Rabatt',
  'promo.withoutCode':
    '{reason} Ohne ihn beträgt Ihr Gesamtbetrag {total}. {common.notCharged} Bitte prüfen Sie ' +
    'den neuen Betrag und bezahlen Sie erneut.',
  'promo.unchecked':
    'Wir konnten Ihren Aktionscode gerade nicht prüfen. Bitte versuchen Sie es gleich noch ' +
    'einmal. {common.notCharged}',
  'error.quoteCrossOrigin': 'Preise können nur von dieser Website aus abgefragt werden.',
  'error.quoteRate':
    'Zu viele Preisabfragen aus Ihrem Netzwerk. Bitte warten Sie eine Minute und versuchen ' +
    'Sie es erneut.',
  'error.cartTooLarge': 'Dieser Warenkorb ist zu groß.',

  'receipt.shipping': 'Versand: {rate}',
  'receipt.tax': 'Steuer',
  'receipt.taxIncluded': 'Enthaltene Steuer',
  'receipt.shipsTo': 'Lieferadresse',
  'shipping.required': 'Bitte geben Sie die Adresse ein, an die wir Ihre Bestellung senden sollen.',
  'shipping.notShippable':
    'Nichts in diesem Warenkorb wird verschickt: Lassen Sie die ' + 'Lieferadresse weg.',
  'shipping.name': 'Bitte geben Sie den Namen der Person ein, die das Paket erhält.',
  'shipping.line1': 'Bitte geben Sie die erste Adresszeile ein (Straße und Hausnummer).',
  'shipping.line2': 'Die zweite Adresszeile muss Text sein.',
  'shipping.city': 'Bitte geben Sie den Ort ein.',
  'shipping.state': 'Bitte geben Sie das Bundesland oder die Region ein.',
  'shipping.postalCode': 'Bitte geben Sie die Postleitzahl ein.',
  'shipping.country': 'Wir liefern nur nach {countries}.',
  'shipping.rate':
    'Diese Versandart gibt es für diese Adresse nicht. Bitte wählen Sie eine ' + 'andere.',
  'shipping.currency': 'Versand ist nur für Warenkörbe in der Versandwährung des Shops möglich.',
  'tax.address':
    'Wir konnten diese Adresse für die Steuerberechnung nicht finden. Bitte ' +
    'prüfen Sie Postleitzahl, Bundesland und Land.',
  'tax.unavailable':
    'Wir konnten die Steuer für Ihre Bestellung gerade nicht berechnen. ' +
    'Bitte versuchen Sie es gleich noch einmal. {common.notCharged}',
};
