/**
 * Cloudflare Access in the test suite: the local stand-in (access-sim/, an auxiliary worker) at
 * its usual dev address, and the AUD tag of the test application. Not secrets.
 * The outbound worker also sends every `*.cloudflareaccess.com` request to the stand-in, so that a
 * test can use a team domain of its own, with its own keys (and its own cached key set).
 */
export const ACCESS_SIM_ORIGIN = 'http://127.0.0.1:12112';

export const ACCESS_TEST_AUD = 'admin-console-test-suite';
