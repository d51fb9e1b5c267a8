// The C headers of libraft 0.15 (canonical's C Raft, Debian's libraft-dev) and its libuv
// backend. They carry no `extern "C"` guards of their own, so C++ must include them through
// this file only. raft/uv.h includes uv.h, which has its own guards.
#ifndef NOABER_NODE_CLUSTER_RAFT_C_H_
#define NOABER_NODE_CLUSTER_RAFT_C_H_

#include <uv.h>

extern "C" {
#include <raft.h>
#include <raft/uv.h>
}

#endif  // NOABER_NODE_CLUSTER_RAFT_C_H_
