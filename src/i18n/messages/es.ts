/** Español: every message of ./en.ts that customers read (see `Translation`). */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import type { Translation } from '../index.js';

export const es: Translation = {
  'common.notCharged': 'No se le ha cobrado nada.',
  'common.retrySafe': 'Puede volver a intentarlo sin riesgo: este pago nunca se cobrará dos veces.',
  'common.back': 'Volver al pago',

  'shell.checkout': 'Pago',
  'shell.contact': 'Contacto',
  'shell.terms': 'Condiciones',
  'shell.privacy': 'Privacidad',
  'shell.simulated': 'Pagos simulados: tarjeta 4242 4242 4242 4242, fecha futura, cualquier CVC.',
  'shell.test': 'Pagos de prueba: tarjeta 4242 4242 4242 4242, fecha futura, cualquier CVC.',
  'shell.simulatedReceipt': 'Pago simulado: no se ha movido dinero.',
  'shell.testReceipt': 'Pago de prueba: no se ha movido dinero.',

  'page.email': 'Correo electrónico para su recibo',
  'page.emailPlain': 'Correo electrónico',
  'page.emailError': 'Introduzca una dirección de correo electrónico válida.',
  'page.pay': 'Pagar',

  'script.pay': 'Pagar {amount}',
  'script.paying': 'Pagando {amount}…',
  'script.payingNoAmount': 'Pagando…',
  'script.tryAgain': 'Reintentar',
  'script.noAnswer':
    'No hemos recibido respuesta de la tienda, así que su pago no está confirmado. ' +
    '{common.retrySafe}',
  'script.loadFailed':
    'Una parte de la página no se ha podido cargar. Compruebe su conexión y vuelva a cargar ' +
    'la página.',
  // Stripe's hosted Checkout (CHECKOUT_UI=hosted): the page's button, and where the customer pays.
  'page.checkout': 'Ir al pago',
  'page.onStripe':
    'Pagará en la página segura de Stripe, donde también puede introducir un código promocional.',
  'page.shipTo': 'País al que enviamos su pedido',
  'hosted.countryRequired': 'Elija el país al que debemos enviar su pedido.',

  'receipt.thanks': '¡Gracias por su pago!',
  'receipt.received': 'Hemos recibido su pago.',
  'receipt.emailFollows': 'Le llegará un recibo a su correo electrónico.',
  'receipt.receivedStatus': 'Este pago se ha recibido.',
  'receipt.item': 'Artículo',
  'receipt.total': 'Total pagado',
  'receipt.discount': 'Descuento',
  'receipt.discountCode': 'Descuento ({code})',
  'receipt.newOrder': 'Empezar un pedido nuevo',
  'receipt.refunded': 'Reembolsado',
  'receipt.card': 'Tarjeta',
  'receipt.cardEnding': '{brand} terminada en {last4}',
  'receipt.date': 'Fecha',
  'receipt.sentTo': 'Recibo enviado a',
  'receipt.email': 'Correo electrónico',
  'receipt.order': 'Número de pedido',
  'receipt.statement': 'En el extracto de su tarjeta',
  'receipt.help': '¿Preguntas sobre este pedido? Escriba a {email} e indique su número de pedido.',
  'receipt.back': 'Volver a {shop}',
  'receipt.checkingTitle': 'Comprobando su pago',
  'receipt.checkingHeading': 'Estamos comprobando su pago',
  'receipt.unreachable':
    'No hemos podido contactar con nuestro proveedor de pagos para confirmar este pago.',
  'receipt.confirming': 'Estamos confirmando este pago con nuestro proveedor de pagos.',
  'receipt.doNotPayAgain': 'No vuelva a pagar.',
  'receipt.checkAgain': 'Comprobar de nuevo',
  'receipt.stoppedChecking':
    'Está tardando más de lo habitual: compruébelo de nuevo en unos minutos.',
  'receipt.statusOnly':
    'Por privacidad, este enlace solo muestra el estado del pago. El recibo completo, con los ' +
    'artículos, la tarjeta y el correo electrónico, está en la página que abrió el navegador ' +
    'del cliente justo después de pagar.',
  'receipt.statusOnlyEmail':
    'Por privacidad, este enlace solo muestra el estado del pago. El recibo completo, con los ' +
    'artículos, la tarjeta y el correo electrónico, está en el correo enviado al realizar el ' +
    'pago y en la página que abrió el navegador del cliente justo después de pagar.',
  'receipt.refundedTitle': 'Pago reembolsado',
  'receipt.refundedHeading': 'Este pago se ha reembolsado',
  'receipt.refundedLead': 'Se ha devuelto el importe completo al medio de pago utilizado.',
  'receipt.partlyRefundedTitle': 'Pago reembolsado en parte',
  'receipt.partlyRefundedHeading': 'Se ha reembolsado parte de este pago',
  'receipt.partlyRefundedLead':
    'Hemos recibido su pago y se ha devuelto una parte al medio de pago utilizado.',
  'receipt.partlyRefundedStatus': 'Este pago se ha recibido y se ha reembolsado una parte.',
  'receipt.pendingTitle': 'Pago en proceso',
  'receipt.pendingHeading': 'Su pago se está procesando',
  'receipt.pendingLead':
    'Estamos esperando a que su banco confirme el pago. Su recibo aparecerá en esta página en ' +
    'cuanto lo haga.',
  'receipt.awaitingTitle': 'Pago pendiente',
  'receipt.awaitingHeading': 'Estamos esperando su pago',
  'receipt.awaitingLead':
    'Siga las instrucciones que recibió al finalizar la compra para pagar. Su recibo aparecerá ' +
    'en esta página en cuanto llegue su pago.',
  'receipt.freeTitle': 'Pedido recibido',
  'receipt.freeHeading': 'No había nada que pagar por este pedido',
  'receipt.freeLead':
    'Su código descontó el precio entero, así que no se cobró nada. La tienda revisa a mano los ' +
    'pedidos gratuitos y le confirmará el suyo por correo electrónico.',
  'receipt.incompleteTitle': 'Pago no completado',
  'receipt.actionHeading': 'Su pago no se ha completado',
  'receipt.actionLead':
    'Su banco le pidió que confirmara este pago y no se ha confirmado. {common.notCharged}',
  'receipt.canceledTitle': 'Pago cancelado',
  'receipt.canceledHeading': 'Este pago se ha cancelado',
  'receipt.failedHeading': 'Su pago no se ha completado',
  'receipt.notFoundTitle': 'Pago no encontrado',
  'receipt.notFoundHeading': 'No hemos encontrado este pago',
  'receipt.notFoundLead':
    'No se ha registrado ningún pago para este enlace, así que aún no hay ningún recibo. ' +
    'Si cree que se le ha cobrado, escriba a {email}.',

  'problem.400': 'Revise sus datos',
  'problem.401': 'Inicie sesión',
  'problem.402': 'Su pago no se ha realizado',
  'problem.403': 'Esta solicitud se ha rechazado',
  'problem.404': 'Página no encontrada',
  'problem.409': 'Este pago debe empezar de nuevo',
  'problem.413': 'Esta solicitud es demasiado grande',
  'problem.415': 'No se ha podido leer esta solicitud',
  'problem.429': 'Espere un momento',
  'problem.500': 'Algo ha fallado',
  'problem.other': 'Pago no disponible',
  'problem.inProgress': 'Su primer pago todavía se está procesando: no vuelva a pagar',
  'problem.unconfirmed': 'No hemos podido confirmar su pago',
  'problem.tooManyDeclines': 'Demasiados intentos de pago rechazados',

  'error.notFound': 'No hay nada en esta dirección.',
  'error.unavailable':
    'No hemos podido contactar con nuestro proveedor de pagos. {common.notCharged} ' +
    'Vuelva a intentarlo en un momento.',
  'error.unknown':
    'No hemos podido confirmar su pago: nuestro proveedor de pagos no dio una respuesta clara. ' +
    '{common.retrySafe} Si el pago se realizó, al volver a intentarlo verá su recibo.',
  'error.inProgress':
    'Ya hay un pago en curso para este pedido. Espere un momento antes de volver a intentarlo. ' +
    '{common.retrySafe}',
  'error.changed': 'Su pedido cambió después de iniciar este pago. Revíselo y vuelva a pagar.',
  'error.priceChanged':
    'El total ha cambiado a {total}. {common.notCharged} Revíselo y vuelva a pagar.',
  'error.canceled':
    'Este pago se ha cancelado. {common.notCharged} Vuelva a cargar la página para empezar de ' +
    'nuevo.',
  'error.failed': 'Su pago no se ha realizado. {common.notCharged}',
  'error.notConfigured':
    'Esta tienda no puede aceptar su pago en este momento. {common.notCharged} Póngase en ' +
    'contacto con la tienda.',
  'error.paymentMethod':
    'No hemos podido usar esos datos de tarjeta. {common.notCharged} Vuelva a introducir su ' +
    'tarjeta e inténtelo de nuevo.',
  'error.internal': 'Algo ha fallado por nuestra parte. {common.retrySafe}',
  'error.internalPlain': 'Algo ha fallado por nuestra parte. Vuelva a intentarlo en un momento.',
  'error.tooManyDeclines':
    'Este pago ha tenido demasiados intentos rechazados y no admite más. {common.notCharged} ' +
    'Para pagar, use otra tarjeta: al volver a pagar se inicia un pago nuevo. Su banco puede ' +
    'indicarle por qué se rechazó su tarjeta.',
  'error.authenticationRequired':
    'Su banco debe confirmar este pago, para lo que se necesita JavaScript. {common.notCharged}',
  'error.networkRate':
    'Demasiados intentos de pago desde su red. Espere un minuto y vuelva a intentarlo. ' +
    '{common.retrySafe}',
  'error.checkoutRate':
    'Demasiados intentos de pago para este pedido. Espere un minuto y vuelva a intentarlo. ' +
    '{outcome}',
  'error.tooLarge': 'Esta solicitud es demasiado grande. {common.notCharged}',
  'error.crossOrigin': 'Este formulario solo se puede enviar desde este sitio. {common.notCharged}',
  'error.networkDeclinesHour':
    'En la última hora se rechazaron demasiados pagos desde su red, así que esta tienda no puede ' +
    'aceptar otro pago desde ella por ahora. {outcome} Inténtelo más tarde o contacte con su ' +
    'banco.',
  'error.networkDeclinesDay':
    'En las últimas 24 horas se rechazaron demasiados pagos desde su red, así que esta tienda no puede ' +
    'aceptar otro pago desde ella por ahora. {outcome} Inténtelo más tarde o contacte con su ' +
    'banco.',
  'error.checkRequired':
    'Complete la comprobación de seguridad que aparece encima del botón Pagar. {outcome}',
  'error.checkFailed':
    'La comprobación de seguridad no se ha superado. Vuelva a completarla. {outcome}',
  'error.checkUnavailable':
    'La comprobación de seguridad no está disponible ahora. Vuelva a intentarlo en un momento. ' +
    '{outcome}',

  'decline.generic_decline':
    'Su tarjeta ha sido rechazada. {common.notCharged} Pruebe con otra tarjeta o contacte con ' +
    'su banco.',
  'decline.insufficient_funds':
    'Su tarjeta no tiene fondos suficientes. {common.notCharged} Pruebe con otra tarjeta.',
  'decline.expired_card':
    'Su tarjeta ha caducado. {common.notCharged} Compruebe la fecha de caducidad o use otra ' +
    'tarjeta.',
  'decline.incorrect_cvc':
    'El código de seguridad de su tarjeta es incorrecto. {common.notCharged} Compruebe el código ' +
    'de 3 o 4 dígitos e inténtelo de nuevo.',
  'decline.invalid_cvc':
    'El código de seguridad de su tarjeta no es válido. {common.notCharged} Compruebe el código ' +
    'de 3 o 4 dígitos e inténtelo de nuevo.',
  'decline.processing_error':
    'Se ha producido un error al procesar su tarjeta. {common.notCharged} Vuelva a intentarlo ' +
    'en un momento.',
  'decline.incorrect_number':
    'El número de su tarjeta es incorrecto. {common.notCharged} Compruebe el número e ' +
    'inténtelo de nuevo.',
  'decline.invalid_number':
    'El número de su tarjeta no es válido. {common.notCharged} Compruebe el número e ' +
    'inténtelo de nuevo.',
  'decline.invalid_expiry_month':
    'El mes de caducidad de su tarjeta no es válido. {common.notCharged}',
  'decline.invalid_expiry_year':
    'El año de caducidad de su tarjeta no es válido. {common.notCharged}',
  'decline.payment_intent_authentication_failure':
    'Su banco no ha podido confirmar que es usted. {common.notCharged} Inténtelo de nuevo o ' +
    'use otra tarjeta.',
  'decline.other': 'Su pago no ha sido aceptado. {common.notCharged} Pruebe con otra tarjeta.',

  'page.code': 'Código promocional',
  'page.addCode': 'Añadir código promocional',
  'page.total': 'Total',
  'page.shipping': 'Envío',
  'page.shippingMethod': 'Método de envío',
  'script.shipping': 'Envío: {rate}',
  'script.addressFirst': 'Se calcula según su dirección',
  'script.free': 'Gratis',
  'page.quantityOf': 'Cantidad de {name}',
  'page.noScript': 'Para pagar se necesita JavaScript. {common.notCharged}',
  'page.productGone':
    'Este producto ya no está disponible. Elija entre nuestros otros productos a continuación.',
  'script.discount': 'Descuento ({code})',
  'script.apply': 'Aplicar',
  'script.remove': 'Quitar',
  'script.bankOpen':
    'La verificación de este pago por parte de su banco no ha terminado: no se le ha cobrado ' +
    'nada, salvo que la haya completado. Pulse «Reintentar» para volver a ella. ' +
    '{common.retrySafe}',
  'script.paidElsewhere':
    'Este pago ya se realizó en otra pestaña, para otro pedido. {common.notCharged} Pulse ' +
    'Pagar para pagar este.',
  'script.bankNotDone':
    'Su banco no ha confirmado este pago. {common.notCharged} Vuelva a intentarlo o use otra ' +
    'tarjeta.',
  'cart.empty': 'Su carrito está vacío: elija al menos un producto.',
  'cart.tooManyLines': 'Un carrito puede contener como máximo {max} productos distintos.',
  'cart.product': 'Esta tienda no tiene ese producto.',
  'cart.quantity': 'La cantidad debe ser un número entero de 1 a {max}.',
  'cart.duplicate': 'Un producto solo puede aparecer una vez en el carrito: cambie su cantidad.',
  'cart.currencies': 'No se pueden pagar juntos productos con precios en monedas distintas.',
  'cart.tooLarge':
    'Este pedido supera el importe máximo de un solo pago. Divídalo en pedidos más pequeños.',
  'promo.unknown': 'No reconocemos este código promocional. Compruébelo e inténtelo de nuevo.',
  'promo.inactive': 'Este código promocional ya no está activo.',
  'promo.expired': 'Este código promocional ha caducado.',
  'promo.usedUp': 'Este código promocional ya se ha usado todas las veces posibles.',
  'promo.restricted': 'Este código promocional está reservado a determinados clientes.',
  'promo.products': 'Este código promocional no se aplica a los productos de este carrito.',
  'promo.currency': 'Este código promocional no se puede usar para pagos en {currency}.',
  'promo.minimum': 'Este código promocional requiere un pedido de al menos {amount}.',
  'promo.totalTooSmall':
    'Con este código promocional el total sería inferior a {amount}, el pago más pequeño que ' +
    'podemos aceptar.',
  'promo.off': '{off} de descuento',
  'promo.withoutCode':
    '{reason} Sin él, su total es {total}. {common.notCharged} Compruebe el nuevo total y ' +
    'vuelva a pagar.',
  'promo.unchecked':
    'No hemos podido comprobar su código promocional ahora. Vuelva a intentarlo en un ' +
    'momento. {common.notCharged}',
  'error.quoteCrossOrigin': 'Los precios solo se pueden consultar desde este sitio.',
  'error.quoteRate':
    'Demasiadas actualizaciones de precio desde su red. Espere un minuto y vuelva a intentarlo.',
  'error.cartTooLarge': 'Este carrito es demasiado grande.',

  'receipt.shipping': 'Envío: {rate}',
  'receipt.tax': 'Impuestos',
  'receipt.taxIncluded': 'Impuestos incluidos',
  'receipt.shipsTo': 'Se envía a',
  'shipping.required': 'Introduzca la dirección a la que debemos enviar su pedido.',
  'shipping.notShippable':
    'Nada de este carrito se envía por correo: no indique dirección ' + 'de envío.',
  'shipping.name': 'Introduzca el nombre de la persona que recibirá el paquete.',
  'shipping.line1': 'Introduzca la primera línea de la dirección (calle y número).',
  'shipping.line2': 'La segunda línea de la dirección debe ser texto.',
  'shipping.city': 'Introduzca la ciudad o localidad.',
  'shipping.state': 'Introduzca el estado o la provincia.',
  'shipping.postalCode': 'Introduzca el código postal.',
  'shipping.country': 'Solo enviamos a {countries}.',
  'shipping.rate': 'Esta opción de envío no existe para esta dirección. Elija otra.',
  'shipping.currency':
    'El envío solo está disponible para carritos en la moneda de envío ' + 'de la tienda.',
  'tax.address':
    'No hemos encontrado esta dirección para calcular sus impuestos. Compruebe ' +
    'el código postal, el estado y el país.',
  'tax.unavailable':
    'No hemos podido calcular los impuestos de su pedido ahora. Vuelva a ' +
    'intentarlo en un momento. {common.notCharged}',
};
