// SPDX-License-Identifier: GPL-3.0-or-later
// The AD site lookup's steps over the DatagramNet seam. Pure: the seam does
// the sockets, the parsers (dns_message.h, cldap.h) read the replies.
#include "resolver/ad_site.h"

#include <algorithm>

#include "resolver/cldap.h"
#include "resolver/dns_message.h"

namespace mount_cifs::resolver {
namespace {

using std::chrono::milliseconds;

constexpr std::uint16_t kDnsPort = 53;
constexpr std::uint16_t kCldapPort = 389;

struct Lookup {
  DatagramNet& net;
  Clock& clock;
  const std::function<bool()>& cancelled;
  SteadyTime until;
  std::vector<Address> nameservers;

  bool Cancelled() const { return cancelled && cancelled(); }
  bool Expired() { return clock.Now() >= until; }
};

// One query asked of every name server; the reply of the first that gives
// a valid answer. nullopt: none in time (or none could be built).
struct Query {
  std::string name;
  DnsType type;
  std::uint16_t id = 0;
  std::optional<DnsReply> reply;
};

// Runs `queries` at once against every name server; each query takes the
// first valid reply. Returns when all have one or the time is up.
void RunQueries(Lookup& l, std::vector<Query>* queries) {
  std::vector<Datagram> out;
  std::vector<std::size_t> query_of;  // datagram -> query
  for (std::size_t q = 0; q < queries->size(); ++q) {
    Query& query = (*queries)[q];
    query.id = l.net.RandomId();
    auto bytes = BuildDnsQuery(query.id, query.name, query.type);
    if (!bytes.ok()) continue;
    for (const Address& ns : l.nameservers) {
      out.push_back(Datagram{ns, kDnsPort, bytes.value()});
      query_of.push_back(q);
    }
  }
  if (out.empty()) return;
  std::size_t answered = 0;
  std::size_t wanted = 0;
  for (const Query& q : *queries) wanted += BuildDnsQuery(1, q.name, q.type).ok() ? 1 : 0;
  l.net.Exchange(
      out, l.until,
      [&](std::size_t index, const std::vector<std::uint8_t>& bytes) {
        if (index >= query_of.size()) return answered == wanted;
        Query& query = (*queries)[query_of[index]];
        if (query.reply) return answered == wanted;
        auto parsed = ParseDnsReply(bytes.data(), bytes.size(), query.id, query.name,
                                    query.type);
        // A malformed, spoofed or truncated reply is no answer: another
        // name server's may still come.
        if (!parsed.ok()) return false;
        query.reply = std::move(parsed).value();
        return ++answered == wanted;
      },
      l.cancelled);
}

void AddUnique(std::vector<Address>* to, const Address& a) {
  if (to->size() >= kMaxSiteAddresses) return;
  if (std::find(to->begin(), to->end(), a) == to->end()) to->push_back(a);
}

// The SRV records of `name` (sorted by priority, then weight descending:
// a stable, deterministic order) and the addresses of their targets:
// from the SRV reply's additional records where it has them, else from A
// and AAAA queries (Samba's internal DNS adds none). nullopt when the SRV
// query had no answer at all (time, no server); an empty vector when the
// name has no SRV record.
struct SrvResult {
  bool answered = false;
  std::vector<SrvRecord> records;
  std::vector<Address> addresses;
};

SrvResult ResolveSrv(Lookup& l, const std::string& name) {
  SrvResult result;
  std::vector<Query> srv = {Query{name, DnsType::kSrv, 0, std::nullopt}};
  RunQueries(l, &srv);
  if (!srv[0].reply) return result;
  result.answered = true;
  if (srv[0].reply->rcode != 0) return result;  // NXDOMAIN, SERVFAIL, ...
  result.records = srv[0].reply->srv;
  std::stable_sort(result.records.begin(), result.records.end(),
                   [](const SrvRecord& a, const SrvRecord& b) {
                     if (a.priority != b.priority) return a.priority < b.priority;
                     return a.weight > b.weight;
                   });
  if (result.records.size() > kMaxSiteDcs) result.records.resize(kMaxSiteDcs);
  std::vector<Query> targets;
  for (const SrvRecord& r : result.records) {
    bool in_additional = false;
    for (const HostAddress& h : srv[0].reply->addresses) {
      if (h.name != r.target) continue;
      AddUnique(&result.addresses, h.address);
      in_additional = true;
    }
    if (in_additional) continue;
    targets.push_back(Query{r.target, DnsType::kA, 0, std::nullopt});
    targets.push_back(Query{r.target, DnsType::kAaaa, 0, std::nullopt});
  }
  if (targets.empty() || l.Cancelled() || l.Expired()) return result;
  RunQueries(l, &targets);
  // In SRV order, each target's IPv6 and IPv4 addresses: the policy sorts
  // families itself.
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (!targets[i].reply || targets[i].reply->rcode != 0) continue;
    for (const HostAddress& h : targets[i].reply->addresses)
      if (h.name == targets[i].name) AddUnique(&result.addresses, h.address);
  }
  return result;
}

std::string SiteSrvName(const std::string& site, const std::string& domain) {
  return "_ldap._tcp." + site + "._sites.dc._msdcs." + domain;
}

// The DCs' replies to the ping, first valid one wins.
struct PingResult {
  bool replied = false;
  std::string client_site;
  std::optional<Address> answered_by;
};

PingResult Ping(Lookup& l, const std::string& domain, const std::vector<Address>& dcs) {
  PingResult result;
  std::vector<Datagram> out;
  std::vector<std::int32_t> ids;
  for (const Address& dc : dcs) {
    // Message ids 1..65535, one per DC: a reply must carry its DC's.
    const std::int32_t id = 1 + l.net.RandomId() % 65535;
    auto ping = BuildCldapPing(id, domain);
    if (!ping.ok()) return result;
    out.push_back(Datagram{dc, kCldapPort, std::move(ping).value()});
    ids.push_back(id);
  }
  l.net.Exchange(
      out, l.until,
      [&](std::size_t index, const std::vector<std::uint8_t>& bytes) {
        if (index >= ids.size()) return false;
        auto parsed = ParseCldapReply(bytes.data(), bytes.size(), ids[index]);
        if (!parsed.ok()) return false;  // malformed: another DC may answer
        result.replied = true;
        result.client_site = parsed.value().client_site;
        result.answered_by = out[index].to;
        return true;
      },
      l.cancelled);
  return result;
}

SiteOutcome Finish(SiteOutcome outcome, Lookup& l, SteadyTime start) {
  if (outcome.status != SiteStatus::kFound) outcome.site_addresses.clear();
  outcome.took = std::chrono::duration_cast<milliseconds>(l.clock.Now() - start);
  return outcome;
}

// What ended a step that got no answer.
SiteStatus Unanswered(Lookup& l) {
  return l.Cancelled() ? SiteStatus::kCancelled : SiteStatus::kTimedOut;
}

}  // namespace

std::string_view SiteStatusName(SiteStatus status) {
  switch (status) {
    case SiteStatus::kFound: return "found";
    case SiteStatus::kNotAd: return "not-ad";
    case SiteStatus::kNoDcAddress: return "no-dc-address";
    case SiteStatus::kNoReply: return "no-reply";
    case SiteStatus::kNoSite: return "no-site";
    case SiteStatus::kNoSiteDcs: return "no-site-dcs";
    case SiteStatus::kTimedOut: return "timed-out";
    case SiteStatus::kCancelled: return "cancelled";
    case SiteStatus::kNoNameserver: return "no-nameserver";
    case SiteStatus::kSkipped: return "skipped";
    case SiteStatus::kQuiet: return "quiet";
  }
  return "skipped";
}

SiteOutcome LocateSite(const SiteRequest& request, DatagramNet& net, Clock& clock,
                       const std::function<bool()>& cancelled, SteadyTime until) {
  const SteadyTime start = clock.Now();
  Lookup l{net, clock, cancelled, until, {}};
  SiteOutcome outcome;
  std::string domain = request.domain;
  for (char& c : domain)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (!domain.empty() && domain.back() == '.') domain.pop_back();
  if (!IsQueryableName(domain) || domain.find('.') == std::string::npos) {
    outcome.status = SiteStatus::kNotAd;  // a single label is no AD domain
    return Finish(outcome, l, start);
  }
  l.nameservers = net.Nameservers();
  if (l.nameservers.empty()) {
    outcome.status = SiteStatus::kNoNameserver;
    return Finish(outcome, l, start);
  }

  // 1. A site remembered on this network: its DCs, no ping.
  if (request.known_site && IsSiteName(*request.known_site)) {
    SrvResult site = ResolveSrv(l, SiteSrvName(*request.known_site, domain));
    if (!site.addresses.empty()) {
      outcome.status = SiteStatus::kFound;
      outcome.site = *request.known_site;
      outcome.cached = true;
      outcome.site_addresses = site.addresses;
      return Finish(outcome, l, start);
    }
    if (!site.answered) {
      outcome.status = Unanswered(l);
      return Finish(outcome, l, start);
    }
    // The site has no DC (any more): ask a DC again.
  }
  if (!request.may_ping) {
    // The caller may not ping: what step 1 found is all there is.
    if (request.known_site && IsSiteName(*request.known_site)) {
      outcome.status = SiteStatus::kNoSiteDcs;
      outcome.site = *request.known_site;
      outcome.cached = true;
    }
    return Finish(outcome, l, start);
  }

  // 2. The domain's DCs and the ping.
  SrvResult dcs = ResolveSrv(l, "_ldap._tcp.dc._msdcs." + domain);
  if (!dcs.answered) {
    outcome.status = Unanswered(l);
    return Finish(outcome, l, start);
  }
  if (dcs.records.empty()) {
    outcome.status = SiteStatus::kNotAd;
    return Finish(outcome, l, start);
  }
  if (dcs.addresses.empty()) {
    outcome.status = l.Cancelled() || l.Expired() ? Unanswered(l) : SiteStatus::kNoDcAddress;
    return Finish(outcome, l, start);
  }
  if (l.Cancelled() || l.Expired()) {
    outcome.status = Unanswered(l);
    return Finish(outcome, l, start);
  }
  const PingResult ping = Ping(l, domain, dcs.addresses);
  if (!ping.replied) {
    outcome.status = l.Cancelled() ? SiteStatus::kCancelled : SiteStatus::kNoReply;
    return Finish(outcome, l, start);
  }
  outcome.answered_by = ping.answered_by;
  if (ping.client_site.empty()) {
    outcome.status = SiteStatus::kNoSite;
    return Finish(outcome, l, start);
  }
  outcome.site = ping.client_site;

  // 3. The site's DCs.
  SrvResult site = ResolveSrv(l, SiteSrvName(ping.client_site, domain));
  if (site.addresses.empty()) {
    outcome.status = !site.answered ? Unanswered(l) : SiteStatus::kNoSiteDcs;
    return Finish(outcome, l, start);
  }
  outcome.status = SiteStatus::kFound;
  outcome.site_addresses = site.addresses;
  return Finish(outcome, l, start);
}

std::vector<Address> MovedBySite(const std::vector<Address>& policy_order,
                                 const std::vector<Address>& site_order) {
  std::vector<Address> moved;
  for (std::size_t i = 0; i < site_order.size(); ++i) {
    const auto was = std::find(policy_order.begin(), policy_order.end(), site_order[i]);
    if (was == policy_order.end()) continue;
    if (static_cast<std::size_t>(was - policy_order.begin()) > i) moved.push_back(site_order[i]);
  }
  return moved;
}

std::string SiteLogWords(const SiteOutcome& outcome, const std::vector<Address>& moved) {
  // Spaces would split a word; keep values greppable and control bytes out.
  auto word = [](std::string text) {
    for (char& c : text) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u <= ' ' || u == 0x7f) c = '_';
    }
    return text;
  };
  std::string line = " ad-site-lookup=" + std::string(SiteStatusName(outcome.status)) + "/" +
                     std::to_string(outcome.took.count()) + "ms";
  if (!outcome.site.empty()) line += " ad-site=" + word(outcome.site);
  // Where the answer came from: a site, or (no-site) that there is none.
  if (!outcome.site.empty() || outcome.status == SiteStatus::kNoSite) {
    line += " ad-site-from=";
    if (outcome.cached)
      line += "record";
    else
      line += outcome.answered_by ? "ping:" + outcome.answered_by->ToKernelText()
                                  : std::string("ping");
  }
  if (!moved.empty()) {
    std::string text;
    for (const Address& a : moved) text += (text.empty() ? "" : ",") + a.ToKernelText();
    line += " ad-site-moved=" + text;
  }
  return line;
}

bool NsswitchUsesDns(std::string_view text) {
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.substr(0, 6) != "hosts:") continue;
    line.remove_prefix(6);
    // Words: services and [STATUS=action] items.
    while (!line.empty()) {
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      std::size_t end = 0;
      while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
      const std::string_view word = line.substr(0, end);
      if (word == "dns" || word == "resolve") return true;
      line.remove_prefix(end);
    }
    return false;
  }
  return true;
}

std::vector<Address> ParseResolvConfNameservers(std::string_view text) {
  std::vector<Address> out;
  while (!text.empty() && out.size() < 3) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    auto skip_space = [](std::string_view* s) {
      while (!s->empty() && (s->front() == ' ' || s->front() == '\t')) s->remove_prefix(1);
    };
    skip_space(&line);
    constexpr std::string_view kKey = "nameserver";
    if (line.substr(0, kKey.size()) != kKey) continue;
    line.remove_prefix(kKey.size());
    if (line.empty() || (line.front() != ' ' && line.front() != '\t')) continue;
    skip_space(&line);
    std::size_t end = 0;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t' && line[end] != '#' &&
           line[end] != ';' && line[end] != '\r')
      ++end;
    std::string_view value = line.substr(0, end);
    // A link-local server's "%scope" is dropped: the helper has no use for
    // link-local name servers (they are rare, and the scope is by name).
    if (const std::size_t pct = value.find('%'); pct != std::string_view::npos)
      value = value.substr(0, pct);
    if (auto a = Address::ParseNumeric(value); a && !a->IsLinkLocal()) out.push_back(*a);
  }
  return out;
}

}  // namespace mount_cifs::resolver
