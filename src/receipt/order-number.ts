// The receipt's order number (src/orders/number.js, which Node's `npm run orders` reads too),
// under the name the receipt, the search and the tests import.
export { orderIdPrefix, orderNumber } from '../orders/number.js';
