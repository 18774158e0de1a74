/**
 * Output of a bench session: the human table, Markdown, JSON and an SVG bar chart, plus the
 * description of the machine the figures were measured on.
 */
package io.natsj.bench.report;
