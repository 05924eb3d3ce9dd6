// Placeholder entry point until the host is wired; replaced by the Broker.Gateway host.
return 0;
