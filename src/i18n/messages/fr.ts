/** Français : every message of ./en.ts that customers read (see `Translation`). */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import type { Translation } from '../index.js';

export const fr: Translation = {
  'common.notCharged': 'Aucun montant ne vous a été débité.',
  'common.retrySafe':
    'Vous pouvez réessayer sans risque : ce paiement ne peut jamais être débité deux fois.',
  'common.back': 'Retour au paiement',

  'shell.checkout': 'Paiement',
  'shell.contact': 'Contact',
  'shell.terms': 'Conditions',
  'shell.privacy': 'Confidentialité',
  'shell.simulated':
    'Paiements simulés : carte 4242 4242 4242 4242, n’importe quelle date future, n’importe quel cryptogramme.',
  'shell.test':
    'Paiements de test : carte 4242 4242 4242 4242, n’importe quelle date future, n’importe quel cryptogramme.',
  'shell.simulatedReceipt': 'Paiement simulé : aucun argent n’a été débité.',
  'shell.testReceipt': 'Paiement de test : aucun argent n’a été débité.',

  'page.email': 'E-mail pour votre reçu',
  'page.emailPlain': 'Adresse e-mail',
  'page.emailError': 'Veuillez saisir une adresse e-mail valide.',
  'page.pay': 'Payer',

  'script.pay': 'Payer {amount}',
  'script.paying': 'Paiement de {amount}…',
  'script.payingNoAmount': 'Paiement en cours…',
  'script.tryAgain': 'Réessayer',
  'script.noAnswer':
    'Nous n’avons pas reçu de réponse de la boutique : votre paiement n’est donc pas confirmé. ' +
    '{common.retrySafe}',
  'script.loadFailed':
    'Une partie de la page n’a pas pu se charger. Vérifiez votre connexion et rechargez ' +
    'la page.',
  // Stripe's hosted Checkout (CHECKOUT_UI=hosted): the page's button, and where the customer pays.
  'page.checkout': 'Passer au paiement',
  'page.onStripe':
    'Vous payez sur la page sécurisée de Stripe, où vous pouvez aussi saisir un code promotionnel.',
  'page.shipTo': 'Pays où nous envoyons votre commande',
  'hosted.countryRequired': 'Veuillez choisir le pays où nous devons envoyer votre commande.',

  'receipt.thanks': 'Merci pour votre paiement !',
  'receipt.received': 'Votre paiement a bien été reçu.',
  'receipt.emailFollows': 'Un reçu est en route vers votre boîte de réception.',
  'receipt.receivedStatus': 'Ce paiement a bien été reçu.',
  'receipt.item': 'Article',
  'receipt.total': 'Total payé',
  'receipt.discount': 'Remise',
  'receipt.discountCode': 'Remise ({code})',
  'receipt.newOrder': 'Commencer une nouvelle commande',
  'receipt.refunded': 'Remboursé',
  'receipt.card': 'Carte',
  'receipt.cardEnding': '{brand} se terminant par {last4}',
  'receipt.date': 'Date',
  'receipt.sentTo': 'Reçu envoyé à',
  'receipt.email': 'E-mail',
  'receipt.order': 'Numéro de commande',
  'receipt.statement': 'Sur votre relevé de carte',
  'receipt.help':
    'Une question sur cette commande ? Écrivez à {email} en indiquant votre numéro de commande.',
  'receipt.back': 'Retour à {shop}',
  'receipt.checkingTitle': 'Vérification de votre paiement',
  'receipt.checkingHeading': 'Nous vérifions votre paiement',
  'receipt.unreachable':
    'Nous n’avons pas pu joindre notre prestataire de paiement pour confirmer ce paiement.',
  'receipt.confirming': 'Nous confirmons ce paiement auprès de notre prestataire de paiement.',
  'receipt.doNotPayAgain': 'Veuillez ne pas payer une seconde fois.',
  'receipt.checkAgain': 'Vérifier à nouveau',
  'receipt.stoppedChecking':
    'Cela prend plus de temps que d’habitude : vérifiez à nouveau dans quelques minutes.',
  'receipt.statusOnly':
    'Pour protéger la vie privée, ce lien n’indique que l’état du paiement. Le reçu complet, ' +
    'avec les articles, la carte et l’adresse e-mail, figure sur la page ouverte par le ' +
    'navigateur du client juste après le paiement.',
  'receipt.statusOnlyEmail':
    'Pour protéger la vie privée, ce lien n’indique que l’état du paiement. Le reçu complet, ' +
    'avec les articles, la carte et l’adresse e-mail, figure dans l’e-mail envoyé lors du ' +
    'paiement et sur la page ouverte par le navigateur du client juste après le paiement.',
  'receipt.refundedTitle': 'Paiement remboursé',
  'receipt.refundedHeading': 'Ce paiement a été remboursé',
  'receipt.refundedLead': 'Le montant total a été recrédité sur le moyen de paiement utilisé.',
  'receipt.partlyRefundedTitle': 'Paiement partiellement remboursé',
  'receipt.partlyRefundedHeading': 'Une partie de ce paiement a été remboursée',
  'receipt.partlyRefundedLead':
    'Votre paiement a bien été reçu, et une partie a été recréditée sur le moyen de paiement utilisé.',
  'receipt.partlyRefundedStatus': 'Ce paiement a bien été reçu, et une partie a été remboursée.',
  'receipt.pendingTitle': 'Paiement en cours',
  'receipt.pendingHeading': 'Votre paiement est en cours de traitement',
  'receipt.pendingLead':
    'Nous attendons la confirmation du paiement par votre banque. Votre reçu s’affichera sur ' +
    'cette page dès qu’elle sera arrivée.',
  'receipt.awaitingTitle': 'Paiement en attente',
  'receipt.awaitingHeading': 'Nous attendons votre paiement',
  'receipt.awaitingLead':
    'Payez en suivant les instructions reçues lors de votre commande. Votre reçu s’affichera ' +
    'sur cette page dès que votre paiement sera arrivé.',
  'receipt.freeTitle': 'Commande reçue',
  'receipt.freeHeading': 'Rien n’était dû pour cette commande',
  'receipt.freeLead':
    'Votre code a déduit tout le prix : rien n’a été débité. La boutique vérifie à la main les ' +
    'commandes gratuites et vous confirmera la vôtre par e-mail.',
  'receipt.incompleteTitle': 'Paiement non finalisé',
  'receipt.actionHeading': 'Votre paiement n’est pas finalisé',
  'receipt.actionLead':
    'Votre banque vous a demandé de confirmer ce paiement, et il n’a pas été confirmé. ' +
    '{common.notCharged}',
  'receipt.canceledTitle': 'Paiement annulé',
  'receipt.canceledHeading': 'Ce paiement a été annulé',
  'receipt.failedHeading': 'Votre paiement n’a pas abouti',
  'receipt.notFoundTitle': 'Paiement introuvable',
  'receipt.notFoundHeading': 'Nous n’avons pas trouvé ce paiement',
  'receipt.notFoundLead':
    'Aucun paiement n’a été enregistré pour ce lien : il n’y a donc pas encore de reçu. ' +
    'Si vous pensez avoir été débité, écrivez à {email}.',

  'problem.400': 'Veuillez vérifier vos informations',
  'problem.401': 'Veuillez vous connecter',
  'problem.402': 'Votre paiement n’a pas abouti',
  'problem.403': 'Cette demande a été refusée',
  'problem.404': 'Page introuvable',
  'problem.409': 'Ce paiement doit être recommencé',
  'problem.413': 'Cette demande est trop volumineuse',
  'problem.415': 'Cette demande n’a pas pu être lue',
  'problem.429': 'Veuillez patienter un instant',
  'problem.500': 'Un problème est survenu',
  'problem.other': 'Paiement indisponible',
  'problem.inProgress':
    'Votre premier paiement est encore en cours de traitement : veuillez ne pas payer une seconde fois',
  'problem.unconfirmed': 'Nous n’avons pas pu confirmer votre paiement',
  'problem.tooManyDeclines': 'Trop de tentatives de paiement refusées',

  'error.notFound': 'Il n’y a rien à cette adresse.',
  'error.unavailable':
    'Nous n’avons pas pu joindre notre prestataire de paiement. {common.notCharged} ' +
    'Veuillez réessayer dans un instant.',
  'error.unknown':
    'Nous n’avons pas pu confirmer votre paiement : notre prestataire de paiement n’a pas donné ' +
    'de réponse claire. {common.retrySafe} Si le paiement est passé, réessayer affiche votre reçu.',
  'error.inProgress':
    'Un paiement est déjà en cours pour cette commande. Veuillez patienter un instant avant de ' +
    'réessayer. {common.retrySafe}',
  'error.changed':
    'Votre commande a changé après le début de ce paiement. Vérifiez-la et payez à nouveau.',
  'error.priceChanged':
    'Le total est passé à {total}. {common.notCharged} Vérifiez-le et payez à nouveau.',
  'error.canceled':
    'Ce paiement a été annulé. {common.notCharged} Veuillez recharger la page pour recommencer.',
  'error.failed': 'Votre paiement n’a pas abouti. {common.notCharged}',
  'error.notConfigured':
    'Cette boutique ne peut pas accepter votre paiement pour le moment. {common.notCharged} ' +
    'Veuillez contacter la boutique.',
  'error.paymentMethod':
    'Nous n’avons pas pu utiliser ces informations de carte. {common.notCharged} Veuillez ' +
    'saisir à nouveau votre carte et réessayer.',
  'error.internal': 'Un problème est survenu de notre côté. {common.retrySafe}',
  'error.internalPlain':
    'Un problème est survenu de notre côté. Veuillez réessayer dans un instant.',
  'error.tooManyDeclines':
    'Ce paiement a eu trop de tentatives refusées : il n’en accepte plus. {common.notCharged} ' +
    'Pour payer, utilisez une autre carte : payer à nouveau commence un nouveau paiement. Votre ' +
    'banque peut vous dire pourquoi votre carte a été refusée.',
  'error.authenticationRequired':
    'Votre banque doit confirmer ce paiement, ce qui nécessite JavaScript. {common.notCharged}',
  'error.networkRate':
    'Trop de tentatives de paiement depuis votre réseau. Veuillez patienter une minute et ' +
    'réessayer. {common.retrySafe}',
  'error.checkoutRate':
    'Trop de tentatives de paiement pour cette commande. Veuillez patienter une minute et ' +
    'réessayer. {outcome}',
  'error.tooLarge': 'Cette demande est trop volumineuse. {common.notCharged}',
  'error.crossOrigin': 'Ce formulaire ne peut être envoyé que depuis ce site. {common.notCharged}',
  'error.networkDeclinesHour':
    'Trop de paiements provenant de votre réseau ont été refusés au cours de la dernière heure : ' +
    'cette boutique ne peut donc pas en accepter d’autre pour le moment. {outcome} Veuillez ' +
    'réessayer plus tard ou contacter votre banque.',
  'error.networkDeclinesDay':
    'Trop de paiements provenant de votre réseau ont été refusés au cours des dernières 24 heures : ' +
    'cette boutique ne peut donc pas en accepter d’autre pour le moment. {outcome} Veuillez ' +
    'réessayer plus tard ou contacter votre banque.',
  'error.checkRequired':
    'Veuillez effectuer la vérification de sécurité au-dessus du bouton Payer. {outcome}',
  'error.checkFailed': 'La vérification de sécurité a échoué. Veuillez la refaire. {outcome}',
  'error.checkUnavailable':
    'La vérification de sécurité est indisponible pour le moment. Veuillez réessayer dans un ' +
    'instant. {outcome}',

  'decline.generic_decline':
    'Votre carte a été refusée. {common.notCharged} Essayez une autre carte ou contactez ' +
    'votre banque.',
  'decline.insufficient_funds':
    'Le solde de votre carte est insuffisant. {common.notCharged} Essayez une autre carte.',
  'decline.expired_card':
    'Votre carte a expiré. {common.notCharged} Vérifiez la date d’expiration ou utilisez une ' +
    'autre carte.',
  'decline.incorrect_cvc':
    'Le cryptogramme de votre carte est incorrect. {common.notCharged} Vérifiez le code à 3 ou ' +
    '4 chiffres et réessayez.',
  'decline.invalid_cvc':
    'Le cryptogramme de votre carte n’est pas valide. {common.notCharged} Vérifiez le code à 3 ' +
    'ou 4 chiffres et réessayez.',
  'decline.processing_error':
    'Une erreur s’est produite lors du traitement de votre carte. {common.notCharged} Veuillez ' +
    'réessayer dans un instant.',
  'decline.incorrect_number':
    'Le numéro de votre carte est incorrect. {common.notCharged} Vérifiez le numéro et réessayez.',
  'decline.invalid_number':
    'Le numéro de votre carte n’est pas valide. {common.notCharged} Vérifiez le numéro et ' +
    'réessayez.',
  'decline.invalid_expiry_month':
    'Le mois d’expiration de votre carte n’est pas valide. {common.notCharged}',
  'decline.invalid_expiry_year':
    'L’année d’expiration de votre carte n’est pas valide. {common.notCharged}',
  'decline.payment_intent_authentication_failure':
    'Votre banque n’a pas pu confirmer votre identité. {common.notCharged} Réessayez ou ' +
    'utilisez une autre carte.',
  'decline.other':
    'Votre paiement n’a pas été accepté. {common.notCharged} Essayez une autre carte.',

  'page.code': 'Code promo',
  'page.addCode': 'Ajouter un code promo',
  'page.total': 'Total',
  'page.shipping': 'Livraison',
  'page.shippingMethod': 'Mode de livraison',
  'script.shipping': 'Livraison : {rate}',
  'script.addressFirst': 'Calculée selon votre adresse',
  'script.free': 'Gratuite',
  'page.quantityOf': 'Quantité de {name}',
  'page.noScript': 'Le paiement nécessite JavaScript. {common.notCharged}',
  'page.productGone':
    'Ce produit n’est plus disponible. Choisissez parmi nos autres produits ci-dessous.',
  'script.discount': 'Remise ({code})',
  'script.apply': 'Appliquer',
  'script.remove': 'Retirer',
  'script.bankOpen':
    'La vérification de ce paiement par votre banque n’est pas terminée : aucun montant ne vous ' +
    'a été débité, sauf si vous l’avez terminée. Cliquez sur « Réessayer » pour y revenir. ' +
    '{common.retrySafe}',
  'script.paidElsewhere':
    'Ce paiement a déjà été effectué dans un autre onglet, pour une autre commande. ' +
    '{common.notCharged} Appuyez sur Payer pour régler celle-ci.',
  'script.bankNotDone':
    'Votre banque n’a pas confirmé ce paiement. {common.notCharged} Réessayez ou utilisez une ' +
    'autre carte.',
  'cart.empty': 'Votre panier est vide : choisissez au moins un produit.',
  'cart.tooManyLines': 'Un panier peut contenir au plus {max} produits différents.',
  'cart.product': 'Cette boutique n’a pas ce produit.',
  'cart.quantity': 'La quantité doit être un nombre entier de 1 à {max}.',
  'cart.duplicate':
    'Un produit ne peut figurer qu’une fois dans un panier : modifiez plutôt sa quantité.',
  'cart.currencies':
    'Des produits dans des devises différentes ne peuvent pas être payés ensemble.',
  'cart.tooLarge':
    'Cette commande dépasse le montant d’un seul paiement. Veuillez la répartir en commandes ' +
    'plus petites.',
  'promo.unknown': 'Nous ne reconnaissons pas ce code promo. Vérifiez-le et réessayez.',
  'promo.inactive': 'Ce code promo n’est plus actif.',
  'promo.expired': 'Ce code promo a expiré.',
  'promo.usedUp': 'Ce code promo a déjà été utilisé autant de fois que possible.',
  'promo.restricted': 'Ce code promo est réservé à certains clients.',
  'promo.products': 'Ce code promo ne s’applique pas aux produits de ce panier.',
  'promo.currency': 'Ce code promo ne peut pas être utilisé pour des paiements en {currency}.',
  'promo.minimum': 'Ce code promo nécessite une commande d’au moins {amount}.',
  'promo.totalTooSmall':
    'Avec ce code promo, le total serait inférieur à {amount}, le plus petit paiement que ' +
    'nous puissions accepter.',
  'promo.off': '{off} de remise',
  'promo.withoutCode':
    '{reason} Sans lui, votre total est de {total}. {common.notCharged} Vérifiez le nouveau ' +
    'total et payez à nouveau.',
  'promo.unchecked':
    'Nous n’avons pas pu vérifier votre code promo pour le moment. Veuillez réessayer dans un ' +
    'instant. {common.notCharged}',
  'error.quoteCrossOrigin': 'Les prix ne peuvent être demandés que depuis ce site.',
  'error.quoteRate':
    'Trop de mises à jour de prix depuis votre réseau. Veuillez patienter une minute et réessayer.',
  'error.cartTooLarge': 'Ce panier est trop volumineux.',

  'receipt.shipping': 'Livraison : {rate}',
  'receipt.tax': 'Taxes',
  'receipt.taxIncluded': 'Dont taxes',
  'receipt.shipsTo': 'Livré à',
  'shipping.required': 'Veuillez saisir l’adresse à laquelle envoyer votre commande.',
  'shipping.notShippable':
    'Rien dans ce panier n’est envoyé par la poste : laissez ' + 'l’adresse de livraison de côté.',
  'shipping.name': 'Veuillez saisir le nom de la personne qui recevra le colis.',
  'shipping.line1': 'Veuillez saisir la première ligne de l’adresse (numéro et rue).',
  'shipping.line2': 'La deuxième ligne de l’adresse doit être du texte.',
  'shipping.city': 'Veuillez saisir la ville.',
  'shipping.state': 'Veuillez saisir l’État ou la province.',
  'shipping.postalCode': 'Veuillez saisir le code postal.',
  'shipping.country': 'Nous ne livrons que vers {countries}.',
  'shipping.rate':
    'Cette option de livraison n’existe pas pour cette adresse. Veuillez en ' +
    'choisir une autre.',
  'shipping.currency':
    'La livraison n’est possible que pour les paniers dans la devise de ' +
    'livraison de la boutique.',
  'tax.address':
    'Nous n’avons pas trouvé cette adresse pour calculer ses taxes. Vérifiez ' +
    'le code postal, l’État et le pays.',
  'tax.unavailable':
    'Nous n’avons pas pu calculer les taxes de votre commande pour le ' +
    'moment. Veuillez réessayer dans un instant. {common.notCharged}',
};
