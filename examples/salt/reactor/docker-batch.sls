{# (1) salt-call event.send from a minion: the master sees data['id'] (the minion) and
   data['data'] (what the reactor sent): {"events": [every event of the batch, as Docker sent it]}.
   One state run per batch, however many of its events are the certificate container stopping. #}
{% set stopped = [] %}
{% for event in data['data']['events'] %}
{%   if event['Type'] == 'container' and event['Action'] in ('die', 'stop')
        and event['Actor']['Attributes'].get('name') == 'letsencrypt' %}
{%     do stopped.append(event) %}
{%   endif %}
{% endfor %}
{% if stopped %}
restore nginx site on {{ data['id'] }}:
  local.state.apply:
    - tgt: {{ data['id'] }}
    - args:
      - mods: nginx.site
{% endif %}
