// Placeholder entry point until the host is wired; replaced by the Broker.Core host.
return 0;
