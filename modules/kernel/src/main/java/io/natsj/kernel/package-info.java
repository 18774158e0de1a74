/** The natsj server: its entry point and its embedding API. */
package io.natsj.kernel;
