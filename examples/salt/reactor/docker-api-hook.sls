{# (3) salt-api's /hook: data['post'] is the parsed JSON body (the event as Docker sent it); the
   tag's path carries the host name the reactor put there (%%host%%). The minion id is assumed
   to be that host name. #}
{% set event = data['post'] %}
{% set host = tag.split('/')[4] %}
{% if event['Action'] in ('die', 'stop') and event['Actor']['Attributes'].get('name') == 'letsencrypt' %}
restore nginx site on {{ host }}:
  local.state.apply:
    - tgt: {{ host }}
    - args:
      - mods: nginx.site
{% endif %}
