package protocol

// Version is the version of wsplay's protocol core.
const Version = "0.1.0"
