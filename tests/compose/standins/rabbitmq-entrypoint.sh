#!/bin/sh
# The stand-in RabbitMQ's start: the default user from the environment, as the official image takes
# it, then the server in the foreground (Debian's wrapper drops to the rabbitmq user).
set -eu
# Logs on standard output, as the official image has them (and as Testcontainers waits for them).
export RABBITMQ_LOGS=-
{
  echo 'loopback_users = none'
  [ -n "${RABBITMQ_DEFAULT_USER:-}" ] && echo "default_user = $RABBITMQ_DEFAULT_USER"
  [ -n "${RABBITMQ_DEFAULT_PASS:-}" ] && echo "default_pass = $RABBITMQ_DEFAULT_PASS"
} > /etc/rabbitmq/rabbitmq.conf
chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
exec rabbitmq-server
