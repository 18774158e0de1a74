/**
 * Accounts: the unit of isolation. Each has its own subscription index; a message published in
 * one account reaches only subscriptions of the same account unless exported and imported.
 */
package io.natsj.kernel.account;
