"""The event bus: CloudEvents on RabbitMQ through kombu, with outbox and inbox."""
