# STAND-IN for prom/prometheus, for machines that cannot reach Docker Hub: Debian's Prometheus
# (2.42, with its classic web UI) started as the official image starts it, with wget for the
# compose healthcheck as the official image's busybox has it.
FROM parley-standin/debian:bookworm
LABEL org.opencontainers.image.description="Parley stand-in for prom/prometheus (Debian's Prometheus 2.42, not the official image)"
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus wget >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /prometheus && chown nobody:nogroup /prometheus
USER nobody
EXPOSE 9090
WORKDIR /prometheus
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
