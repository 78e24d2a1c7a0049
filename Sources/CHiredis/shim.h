// hiredis 0.14 as Swift sees it: the blocking context API and the RESP2 reply reader.
#ifndef KICKOFF_CHIREDIS_SHIM_H
#define KICKOFF_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
