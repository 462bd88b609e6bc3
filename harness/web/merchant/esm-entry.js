// The guide's npm way of loading the SDK: the shop imports it as a module and its bundler builds the page's script.
// setup.sh builds this entry with esbuild into dist/merchant-esm.js, which the merchant page loads as type="module".
import { AMSCashierPayment } from '@alipay/ams-checkout';

window.AMSCashierPayment = AMSCashierPayment;
