/**
 * The links between accounts that exports and imports make: subscribers the server places
 * in one account's subject index that carry messages into another account, and the way back
 * for the responses to an imported service.
 */
package io.natsj.kernel.imports;
