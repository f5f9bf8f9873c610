from django.urls import path, re_path

from web import desk as staff_views, desk_views, harvest_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("moties/", views.motion_list, name="motion-list"),
    # Keys contain letters and hyphens (36600-V-31) and may be written kst-35207-83.
    re_path(r"^moties/(?P<key>[^/]+)/$", views.motion_detail, name="motion-detail"),
    re_path(r"^dossiers/(?P<key>[^/]+)/$", views.dossier_detail, name="dossier-detail"),
    path("leden/<slug:slug>/", views.member_detail, name="member-detail"),
    path("fracties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("ministeries/<slug:slug>/", views.ministry_detail, name="ministry-detail"),
    path("toezeggingen/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("over/", views.about, name="about"),
    path("beheer/", staff_views.dashboard, name="staff-dashboard"),
    path("beheer/grafieken/status.svg", staff_views.chart_status, name="staff-chart-status"),
    path("beheer/grafieken/maanden.svg", staff_views.chart_months, name="staff-chart-months"),
    path("beheer/bijlage/", staff_views.annex, name="staff-annex"),
    # The staff desk: our own pages for the daily work (the admin stays for data repair).
    path("beheer/inloggen/", desk_views.login, name="desk-login"),
    path("beheer/uitloggen/", desk_views.logout, name="desk-logout"),
    path("beheer/werk/", desk_views.work, name="desk-work"),
    path("beheer/beoordelen/", desk_views.review_list, name="desk-review"),
    path("beheer/beoordelen/eerste/", desk_views.review_start, name="desk-review-start"),
    path("beheer/beoordelen/besluiten/", desk_views.review_bulk, name="desk-review-bulk"),
    path("beheer/beoordelen/<int:pk>/", desk_views.review_item, name="desk-review-item"),
    re_path(r"^beheer/moties/(?P<key>[^/]+)/status/$", desk_views.motion_status, name="desk-motion-status"),
    path("beheer/toezeggingen/<int:pk>/status/", desk_views.commitment_status, name="desk-commitment-status"),
    path("beheer/oogst/", harvest_views.harvest, name="staff-harvest"),
]
