/**
 * The system account: the server's advisories ({@code $SYS.ACCOUNT.<account>.CONNECT} and
 * friends) and its request services ({@code $SYS.REQ.SERVER.…}), published and answered by an
 * internal client through the same subject index and delivery path as any other client.
 */
package io.natsj.kernel.system;
