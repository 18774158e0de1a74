package io.natsj.kernel.monitor;

/**
 * One monitoring path's handler. Each counts itself in {@link HttpRequestStats} at the point
 * nats-server does, which for some is only once the query parameters have been accepted.
 */
@FunctionalInterface
interface MonitorEndpoint {

    /**
     * @param query the request's query parameters
     * @return the answer
     * @throws BadRequestException when nats-server would answer 400
     */
    MonitorResponse handle(QueryParams query) throws BadRequestException;
}
