# STAND-IN for rabbitmq:4-management, for machines that cannot reach Docker Hub: Debian's RabbitMQ
# (3.10) with the management plugin, started in the foreground as the official image does, taking
# RABBITMQ_DEFAULT_USER/RABBITMQ_DEFAULT_PASS and keeping its data in /var/lib/rabbitmq.
FROM parley-standin/debian:bookworm
LABEL org.opencontainers.image.description="Parley stand-in for rabbitmq:4-management (Debian's RabbitMQ 3.10, not the official image)"
# No init system in a container: keep the package's scripts from starting the server while installing.
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && rabbitmq-plugins --offline enable rabbitmq_management >/dev/null
COPY rabbitmq-entrypoint.sh /usr/local/bin/rabbitmq-entrypoint.sh
EXPOSE 5672 15672
ENTRYPOINT ["/usr/local/bin/rabbitmq-entrypoint.sh"]
